package dev.concert.ratelimit;

import dev.concert.infra.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.util.List;

/**
 * Rate limits counted in Redis (one script, a token bucket on Redis's clock), so that every
 * instance draws from the same budget. A limit of 0 is off and costs no round trip.
 */
public final class RateLimiter {
  private static final LuaScript SCRIPT = LuaScript.load("rate_limit");

  /** Allowed, or refused with the milliseconds until a retry would be allowed. */
  public record Decision(boolean allowed, long retryAfterMillis) {
    static final Decision ALLOWED = new Decision(true, 0);
  }

  private final Redis redis;

  public RateLimiter(Redis redis) {
    this.redis = redis;
  }

  /** Counts one request against {@code limit} requests per {@code periodMillis} under {@code key}. */
  public Future<Decision> acquire(String key, int limit, long periodMillis) {
    if (limit <= 0) {
      return Future.succeededFuture(Decision.ALLOWED);
    }
    return SCRIPT.run(redis, List.of(key), List.of(Integer.toString(limit), Long.toString(periodMillis)))
        .map(r -> r.get(0).toInteger() == 1 ? Decision.ALLOWED : new Decision(false, r.get(1).toLong()));
  }
}
