package dev.concert.queue;

import dev.concert.infra.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.util.List;

/**
 * The identity gate's question to Redis (queue_account.lua): may this queue token still read its
 * user's account? Live tokens may; ended ones for the account grace after their end, which the
 * scripts that end tokens keep in the room's ended zset (on Redis's clock, so every instance
 * answers alike). One small script per request; no Postgres.
 */
final class AccountCheck {
  private static final LuaScript ACCOUNT = LuaScript.load("queue_account");

  enum Answer {
    /** Waiting, pre-queued or active. */
    LIVE,
    /** Ended, within the account grace. */
    IN_GRACE,
    /** Ended, the grace is over. */
    PAST_GRACE,
    /** Not known to the room: ended longer ago, or lost with Redis's data (queue_state.lua tells). */
    UNKNOWN
  }

  private final Redis redis;
  private final long graceMillis;

  AccountCheck(Redis redis, long graceMillis) {
    this.redis = redis;
    this.graceMillis = graceMillis;
  }

  long graceMillis() {
    return graceMillis;
  }

  Future<Answer> check(Room room, String tokenId) {
    return ACCOUNT.run(redis, room.accountKeys(), List.of(tokenId, Long.toString(graceMillis)))
        .map(r -> switch (r.toInteger()) {
          case 1 -> Answer.LIVE;
          case 2 -> Answer.IN_GRACE;
          case 0 -> Answer.PAST_GRACE;
          default -> Answer.UNKNOWN;
        });
  }
}
