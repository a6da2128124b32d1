package dev.concert.concert;

import dev.concert.shared.ApiException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Schedule facts (seat count, price, date) cached in process: they never change once created, so
 * a hot read costs no Postgres round trip. Unknown ids are not cached (they may be created later).
 */
public final class ScheduleCatalog {
  private final ConcertRepository repository;
  private final Map<Long, Schedule> cache = new ConcurrentHashMap<>();

  /** The catalogue other features use (reservation): schedule facts, cached, read from {@code pool}. */
  public static ScheduleCatalog on(Pool pool) {
    return new ScheduleCatalog(new ConcertRepository(pool));
  }

  public ScheduleCatalog(ConcertRepository repository) {
    this.repository = repository;
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

  public void remember(Schedule schedule) {
    cache.put(schedule.id(), schedule);
  }
}
