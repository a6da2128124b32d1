package dev.concert.buyers;

import dev.concert.metrics.Refusals;
import dev.concert.ratelimit.RateKeys;
import dev.concert.ratelimit.RateLimiter;
import dev.concert.shared.ApiException;
import io.vertx.core.Future;
import java.util.UUID;

/**
 * Balance charges per user and minute (CONCERT_RATE_CHARGES_PER_MINUTE, 0 off), counted in Redis
 * across instances: a script cannot grow the ledger and the idempotency keys without bound.
 */
public final class ChargeLimit {
  private static final long MINUTE = 60_000;

  private final RateLimiter limiter;
  private final int perMinute;

  public ChargeLimit(RateLimiter limiter, int perMinute) {
    this.limiter = limiter;
    this.perMinute = perMinute;
  }

  public boolean on() {
    return perMinute > 0;
  }

  /** Counts one charge of {@code userId}; fails 429 RATE_LIMITED over the limit, 503 when Redis fails. */
  public Future<Void> acquire(UUID userId) {
    return limiter.acquire(RateKeys.chargesOfUser(userId.toString()), perMinute, MINUTE)
        .recover(failure -> Future.failedFuture(ApiException.unavailable(
            "the charge rate limit is unavailable; nothing was done, retry later")))
        .compose(decision -> {
          if (decision.allowed()) {
            return Future.succeededFuture();
          }
          Refusals.count(Refusals.Reason.RATE_CHARGES_USER);
          return Future.failedFuture(ApiException.rateLimited("too many balance charges for this user", decision.retryAfterMillis()));
        });
  }
}
