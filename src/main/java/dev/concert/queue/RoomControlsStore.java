package dev.concert.queue;

import dev.concert.infra.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Instant;
import java.util.List;

/**
 * A room's operators' side in Redis: the live copy of its controls that every instance's admission
 * reads (queue_controls.lua, queue_admit.lua), whether its opening has begun, and its counts.
 */
final class RoomControlsStore {
  private static final LuaScript WRITE = LuaScript.load("queue_controls");
  private static final LuaScript REPORT = LuaScript.load("queue_room");

  /** A room's counts at one instant; {@code openedAt} null before its opening; {@code livePaused} null without a live copy. */
  record Counts(long preQueue, long waiting, long active, long admittedTotal, long abandonedTotal, Instant openedAt,
      Boolean livePaused) {}

  private final Redis redis;

  RoomControlsStore(Redis redis) {
    this.redis = redis;
  }

  /** Writes {@code room}'s rate, cap and pause as the live copy unless a newer one is there; tells its streams. */
  Future<Boolean> write(Room room) {
    return WRITE.run(redis, List.of(room.controls()), List.of(Long.toString(room.controlsVersion()),
            Integer.toString(room.admitPerSecond()), Integer.toString(room.maxActive()), room.paused() ? "1" : "0",
            room.moves()))
        .map(r -> r.toInteger() == 1);
  }

  /** Whether the room's opening has begun in Redis (its draw started, or it is open). */
  Future<Boolean> openingStarted(Room room) {
    return redis.send(Request.cmd(Command.HMGET).arg(room.meta()).arg("opened").arg("drawSize"))
        .map(r -> (r.get(0) != null && "1".equals(r.get(0).toString())) || r.get(1) != null);
  }

  Future<Counts> counts(Room room) {
    return REPORT.run(redis, List.of(room.pre(), room.waiting(), room.active(), room.meta(), room.controls()), List.of())
        .map(r -> {
          long openedAt = r.get(5).toLong();
          int paused = r.get(6).toInteger();
          return new Counts(r.get(0).toLong(), r.get(1).toLong(), r.get(2).toLong(), r.get(3).toLong(), r.get(4).toLong(),
              openedAt < 0 ? null : Instant.ofEpochMilli(openedAt), paused < 0 ? null : paused == 1);
        });
  }
}
