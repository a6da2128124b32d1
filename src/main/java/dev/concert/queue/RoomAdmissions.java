package dev.concert.queue;

import dev.concert.infra.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.util.List;

/**
 * A room's tick in one script: active tokens past their time and abandoned waiting ones leave,
 * and the head of the line is admitted at the room's rate, never past its cap, however many
 * instances tick.
 */
final class RoomAdmissions {
  private static final LuaScript ADMIT = LuaScript.load("queue_admit");

  /** What one tick did, and what the room holds after it. */
  record Admission(long admitted, long expired, long abandoned, long waiting, long active, long preQueue,
      boolean paused) {
    /** Nothing left in the room: it may leave the timer's list. */
    boolean idle() {
      return waiting == 0 && active == 0 && preQueue == 0;
    }
  }

  private final Redis redis;
  private final RedisQueueStore.Timing timing;

  RoomAdmissions(Redis redis, RedisQueueStore.Timing timing) {
    this.redis = redis;
    this.timing = timing;
  }

  /**
   * One tick of {@code room}: expiry, abandonment, admission at its rate and cap (none while
   * paused), by the newest of the room's controls as given and as live in Redis.
   */
  Future<Admission> admit(Room room) {
    return ADMIT.run(redis, room.admitKeys(), List.of(Integer.toString(room.admitPerSecond()),
            Integer.toString(room.maxActive()), Long.toString(timing.activeMillis()), Long.toString(timing.abandonMillis()),
            Long.toString(room.opensAtMillis()), room.userPrefix(), Long.toString(RedisQueueStore.GRACE_MILLIS), room.moves(),
            Long.toString(timing.accountGraceMillis()), Long.toString(room.controlsVersion()), room.paused() ? "1" : "0"))
        .map(r -> new Admission(r.get(0).toLong(), r.get(1).toLong(), r.get(2).toLong(), r.get(3).toLong(),
            r.get(4).toLong(), r.get(5).toLong(), r.get(6).toInteger() == 1));
  }
}
