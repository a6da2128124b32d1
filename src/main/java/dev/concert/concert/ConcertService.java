package dev.concert.concert;

import dev.concert.seats.Seats;
import dev.concert.shared.ApiException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;

/** Concert reads and creation: composes Postgres (facts) and Redis (seat states). */
public final class ConcertService {
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

  private Future<JsonObject> withAvailability(List<Schedule> schedules) {
    schedules.forEach(catalog::remember);
    return seats.takenCounts(schedules.stream().map(Schedule::id).toList()).map(taken -> {
      JsonArray items = new JsonArray();
      for (int i = 0; i < schedules.size(); i++) {
        int available = Math.max(0, schedules.get(i).totalSeats() - taken.get(i));
        if (available > 0 && schedules.get(i).isInFuture(clock.instant())) {
          items.add(schedules.get(i).toJson(available));
        }
      }
      return new JsonObject().put("items", items);
    });
  }

  /**
   * The seat map as JSON text (see {@link SeatMapView}): from this instance's copy of the seats when
   * there is one; from Redis when {@code fromRedis} (a seat stream's snapshot: its listener is in
   * place before this read, so a change is either in it or sent after it) or there is no copy.
   */
  public Future<Buffer> seatMap(long scheduleId, boolean fromRedis) {
    return catalog.require(scheduleId).compose(schedule -> fromRedis
        ? seats.states(schedule.id(), schedule.totalSeats()).map(states -> SeatMapView.render(schedule, states))
        : seatMaps.seatMap(schedule, () -> seats.states(schedule.id(), schedule.totalSeats())));
  }

  public Future<JsonObject> create(NewConcert concert) {
    return repository.create(concert);
  }
}
