package dev.concert.concert;

import dev.concert.seats.SeatStatus;
import dev.concert.seats.Seats;
import dev.concert.shared.ApiException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Concert reads and creation: composes Postgres (facts) and Redis (seat states). */
public final class ConcertService {
  /** A date with more places than this is read one section at a time (its whole map is megabytes). */
  public static final int WHOLE_MAP_MAX_PLACES = 2_000;

  private final ConcertRepository repository;
  private final ScheduleCatalog catalog;
  private final Seats seats;
  private final Clock clock;
  private final SeatMapCache seatMaps;

  public ConcertService(ConcertRepository repository, ScheduleCatalog catalog, Seats seats, Clock clock,
      SeatMapCache seatMaps) {
    this.repository = repository;
    this.catalog = catalog;
    this.seats = seats;
    this.clock = clock;
    this.seatMaps = seatMaps;
  }

  public Future<JsonObject> listConcerts() {
    return repository.list().map(items -> new JsonObject().put("items", items));
  }

  /** The dates still bookable: in the future, with at least one free seat. */
  public Future<JsonObject> bookableSchedules(long concertId) {
    return repository.futureSchedules(concertId).compose(schedules -> schedules.isEmpty()
        ? repository.exists(concertId).compose(exists -> exists
            ? Future.succeededFuture(new JsonObject().put("items", new JsonArray()))
            : Future.failedFuture(ApiException.notFound("No concert " + concertId)))
        : withAvailability(schedules));
  }

  /**
   * Each date with its free places, per grade: one read of the date's taken seats from Redis each
   * (not the instance's copy: the counts are Redis's own), sent together.
   */
  private Future<JsonObject> withAvailability(List<Schedule> schedules) {
    List<Future<JsonObject>> items = new ArrayList<>(schedules.size());
    for (Schedule schedule : schedules) {
      catalog.remember(schedule);
      items.add(catalog.hall(schedule).compose(hall -> redisStates(hall).map(states -> {
        int[] bySection = hall.availableBySection(states);
        int available = 0;
        for (int free : bySection) {
          available += free;
        }
        return available > 0 && schedule.isInFuture(clock.instant())
            ? schedule.toJson(available, hall.gradesAvailable(bySection)) : null;
      })));
    }
    return Future.all(items).map(all -> {
      JsonArray list = new JsonArray();
      items.forEach(item -> {
        if (item.result() != null) {
          list.add(item.result());
        }
      });
      return new JsonObject().put("items", list);
    });
  }

  /**
   * The seat map as JSON text (see {@link Hall#render}), of one section when {@code sectionId} is
   * not null: from this instance's copy of the seats when there is one; from Redis when
   * {@code fromRedis} (a seat stream's snapshot: its listener is in place before this read, so a
   * change is either in it or sent after it) or there is no copy. The whole map of a date of more
   * than {@link #WHOLE_MAP_MAX_PLACES} places is refused (400 naming {@code section}).
   */
  public Future<Buffer> seatMap(long scheduleId, boolean fromRedis, Long sectionId) {
    return catalog.requireHall(scheduleId).compose(hall -> {
      if (sectionId == null) {
        if (hall.capacity() > WHOLE_MAP_MAX_PLACES) {
          return Future.failedFuture(ApiException.invalid("parameter 'section' is required: schedule " + scheduleId
              + " has " + hall.capacity() + " places, more than " + WHOLE_MAP_MAX_PLACES
              + " (see GET /api/v1/schedules/" + scheduleId + "/sections)"));
        }
        return fromRedis ? redisStates(hall).map(states -> hall.render(states, -1))
            : seatMaps.seatMap(hall, () -> redisStates(hall));
      }
      int section = hall.venue().sectionIndexWithId(sectionId);
      if (section < 0) {
        return Future.failedFuture(ApiException.notFound("schedule " + scheduleId + " has no section " + sectionId));
      }
      return (fromRedis ? redisStates(hall) : states(hall)).map(states -> hall.render(states, section));
    });
  }

  /** The date's sections with grade, price and live count of free places (read from Redis, as the date list's). */
  public Future<JsonObject> sections(long scheduleId) {
    return catalog.requireHall(scheduleId).compose(hall -> redisStates(hall).map(states -> new JsonObject()
        .put("scheduleId", scheduleId).put("items", hall.sections(hall.availableBySection(states)))));
  }

  private Future<SeatStatus[]> states(Hall hall) {
    return seatMaps.states(hall, () -> redisStates(hall));
  }

  private Future<SeatStatus[]> redisStates(Hall hall) {
    return seats.states(hall.schedule().id(), hall.capacity());
  }

  /** Creates the concert, its venue dates checked against their venues (every section in one grade). */
  public Future<JsonObject> create(NewConcert concert) {
    List<Future<NewConcert.NewSchedule>> resolved = new ArrayList<>();
    for (int i = 0; i < concert.schedules().size(); i++) {
      NewConcert.NewSchedule schedule = concert.schedules().get(i);
      int index = i;
      resolved.add(schedule.inAVenue()
          ? catalog.venues().require(schedule.venueId())
              .recover(missing -> Future.failedFuture(missing instanceof ApiException api
                  && api.code() == dev.concert.shared.ErrorCode.NOT_FOUND
                  ? ApiException.invalid("field 'schedules/" + index + "/venueId': no venue " + schedule.venueId())
                  : missing))
              .map(venue -> schedule.inVenue(venue, index))
          : Future.succeededFuture(schedule));
    }
    return Future.all(resolved).compose(all -> repository.create(
        concert.withSchedules(resolved.stream().map(Future::result).toList())));
  }
}
