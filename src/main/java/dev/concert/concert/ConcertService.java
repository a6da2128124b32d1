package dev.concert.concert;

import dev.concert.seats.SeatStatus;
import dev.concert.seats.Seats;
import dev.concert.seats.StreamScope;
import dev.concert.venues.Section;
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
  private final AvailabilityCache availability;
  private final HallReadCache hallReads;

  public ConcertService(ConcertRepository repository, ScheduleCatalog catalog, Seats seats, Clock clock,
      SeatMapCache seatMaps, AvailabilityCache availability, HallReadCache hallReads) {
    this.repository = repository;
    this.catalog = catalog;
    this.seats = seats;
    this.clock = clock;
    this.seatMaps = seatMaps;
    this.availability = availability;
    this.hallReads = hallReads;
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
      return fromRedis ? redisStates(hall).map(states -> hall.render(states, section))
          : hallReads.section(hall, section, () -> redisStates(hall));
    });
  }

  /**
   * What a seat stream of the date follows: one section's places, the whole date's up to
   * {@link #WHOLE_MAP_MAX_PLACES}, else its section counts. An unknown section of the date: 404.
   */
  public Future<StreamScope> streamScope(long scheduleId, Long sectionId) {
    return catalog.requireHall(scheduleId).compose(hall -> {
      if (sectionId == null) {
        return Future.succeededFuture(hall.capacity() > WHOLE_MAP_MAX_PLACES ? StreamScope.counts()
            : StreamScope.places(1, hall.capacity()));
      }
      int section = hall.venue().sectionIndexWithId(sectionId);
      if (section < 0) {
        return Future.failedFuture(ApiException.notFound("schedule " + scheduleId + " has no section " + sectionId));
      }
      Section found = hall.venue().sections().get(section);
      return Future.succeededFuture(StreamScope.places(found.firstSeat(), found.lastSeat()));
    });
  }

  /**
   * The date's sections with grade, price and live count of free places: from this instance's copy
   * (rendered once per change), or from Redis when {@code fromRedis} (a section-count stream's read)
   * or there is no copy.
   */
  public Future<JsonObject> sections(long scheduleId, boolean fromRedis) {
    return catalog.requireHall(scheduleId).compose(hall -> fromRedis
        ? redisStates(hall).map(states -> HallReadCache.countsJson(hall, states))
        : hallReads.counts(hall, () -> redisStates(hall)));
  }

  /**
   * The whole date's availability document (2 bits a place) and its tag, from this instance's copy
   * (rendered once per change) or Redis while there is none; without the document when
   * {@code ifNoneMatch} names its tag.
   */
  public Future<ConcertMessages.Availability> availability(long scheduleId, String ifNoneMatch) {
    return catalog.requireHall(scheduleId)
        .compose(hall -> availability.availability(hall, () -> redisStates(hall)))
        .map(document -> AvailabilityBits.matches(ifNoneMatch, document.etag()) ? document.notModified() : document);
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
