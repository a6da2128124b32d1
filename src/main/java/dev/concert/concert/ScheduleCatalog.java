package dev.concert.concert;

import dev.concert.shared.ApiException;
import dev.concert.venues.VenueCatalog;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Schedule facts (seat count, price, date, grades) and their halls cached in process: they never
 * change once created, so a hot read costs no Postgres round trip. Unknown ids are not cached (they
 * may be created later).
 */
public final class ScheduleCatalog {
  private final ConcertRepository repository;
  private final VenueCatalog venues;
  private final Map<Long, Schedule> cache = new ConcurrentHashMap<>();
  private final Map<Long, Hall> halls = new ConcurrentHashMap<>();

  /** The catalogue other features use (reservation): schedule facts, cached, read from {@code pool}. */
  public static ScheduleCatalog on(Pool pool) {
    return new ScheduleCatalog(new ConcertRepository(pool), VenueCatalog.on(pool));
  }

  public ScheduleCatalog(ConcertRepository repository, VenueCatalog venues) {
    this.repository = repository;
    this.venues = venues;
  }

  /** The schedule, or a failed future with NOT_FOUND. */
  public Future<Schedule> require(long scheduleId) {
    Schedule cached = cache.get(scheduleId);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return repository.findSchedule(scheduleId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(ApiException.notFound("No schedule " + scheduleId));
      }
      cache.put(scheduleId, found.get());
      return Future.succeededFuture(found.get());
    });
  }

  /** The date's hall (its places, sections, grades and prices), or a failed future with NOT_FOUND. */
  public Future<Hall> requireHall(long scheduleId) {
    Hall cached = halls.get(scheduleId);
    return cached != null ? Future.succeededFuture(cached) : require(scheduleId).compose(this::hall);
  }

  /** The hall of a schedule already read. */
  public Future<Hall> hall(Schedule schedule) {
    Hall cached = halls.get(schedule.id());
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    Future<Hall> built = schedule.venueId() == null
        ? Future.succeededFuture(Hall.single(schedule))
        : venues.require(schedule.venueId()).map(venue -> Hall.of(schedule, venue));
    return built.onSuccess(hall -> halls.putIfAbsent(schedule.id(), hall));
  }

  public void remember(Schedule schedule) {
    cache.put(schedule.id(), schedule);
  }

  /** The venues this catalogue reads (a concert's creation checks its dates against them). */
  public VenueCatalog venues() {
    return venues;
  }
}
