package dev.concert.queue;

import dev.concert.infra.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.util.List;

/**
 * The ACTIVE gate's fast path (queue_active.lua): whether a token is active now, in one small
 * script. Admitted buyers make nearly all of the gate's calls (holds, payments, seat maps), and the
 * full state script ({@link RedisQueueStore#place}) passes nine keys and ten arguments for what
 * only a waiting or lost token needs; the gate asks it only when this answers no.
 */
final class ActiveCheck {
  private static final LuaScript ACTIVE = LuaScript.load("queue_active");

  private final Redis redis;

  ActiveCheck(Redis redis) {
    this.redis = redis;
  }

  /** Whether the token is active in its room now (Redis's clock). */
  Future<Boolean> isActive(Room room, String tokenId) {
    return ACTIVE.run(redis, List.of(room.active()), List.of(tokenId)).map(until -> until.toLong() > 0);
  }
}
