package dev.concert.concert;

import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each concert's sale opens, cached in process: {@code salesOpenAt} is fixed at creation
 * (the admin API cannot change it), so a cached value never goes stale.
 */
public final class SalesCalendar {
  private final ConcertRepository repository;
  private final Map<Long, Instant> opensAt = new ConcurrentHashMap<>();

  public SalesCalendar(ConcertRepository repository) {
    this.repository = repository;
  }

  /** Succeeds when the concert's sale is open at {@code now}, else fails with 403 SALES_NOT_OPEN. */
  public Future<Void> requireOpen(long concertId, Instant now) {
    Instant cached = opensAt.get(concertId);
    Future<Instant> known = cached != null
        ? Future.succeededFuture(cached)
        : repository.salesOpenAt(concertId).map(found -> {
          Instant at = found.orElse(Instant.EPOCH); // a schedule's concert always exists
          opensAt.put(concertId, at);
          return at;
        });
    return known.compose(at -> now.isBefore(at)
        ? Future.failedFuture(new ApiException(ErrorCode.SALES_NOT_OPEN,
            "the sale of concert " + concertId + " opens at " + at))
        : Future.succeededFuture());
  }
}
