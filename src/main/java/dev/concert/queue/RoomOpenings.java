package dev.concert.queue;

import dev.concert.infra.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The opening's steps in Redis: read the pre-queue, apply its drawn order in one script (which
 * checks the room is unopened and the pre-queue unchanged), and read back what the opening did
 * for the reveal when Postgres missed it.
 */
final class RoomOpenings {
  private static final LuaScript OPEN = LuaScript.load("queue_open");
  /** The opening's order stays in Redis this long, for the reveal if Postgres missed it. */
  static final long OPENING_KEPT_MILLIS = Duration.ofDays(7).toMillis();

  /** {@code outcome}: 1 this call opened the room, 0 it was open, -1 the pre-queue changed, -2 too early. */
  record Opening(int outcome, Instant openedAt) {}

  private final Redis redis;

  RoomOpenings(Redis redis) {
    this.redis = redis;
  }

  /** The pre-queue's token ids (any order). */
  Future<List<String>> preQueue(Room room) {
    return redis.send(Request.cmd(Command.ZRANGE).arg(room.pre()).arg(0).arg(-1)).map(RoomOpenings::strings);
  }

  /** Applies the opening: {@code order} must be exactly the pre-queue (checked in the script). */
  Future<Opening> open(Room room, List<String> order) {
    List<String> args = new ArrayList<>(order.size() + 2);
    args.add(Long.toString(room.opensAtMillis()));
    args.add(Long.toString(OPENING_KEPT_MILLIS));
    args.addAll(order);
    return OPEN.run(redis, room.openKeys(), args).map(r -> new Opening(r.get(0).toInteger(),
        r.size() > 1 ? Instant.ofEpochMilli(r.get(1).toLong()) : null));
  }

  /** The order the opening gave (kept in Redis for a week). */
  Future<List<String>> openingOrder(Room room) {
    return redis.send(Request.cmd(Command.LRANGE).arg(room.opening()).arg(0).arg(-1)).map(RoomOpenings::strings);
  }

  /** How many the pre-queue had at the opening; -1 if the room has not opened. */
  Future<Long> openedPreQueueSize(Room room) {
    return redis.send(Request.cmd(Command.HGET).arg(room.meta()).arg("preQueue"))
        .map(r -> r == null ? -1L : r.toLong());
  }

  /** When the room opened; null if it has not. */
  Future<Instant> openedAt(Room room) {
    return redis.send(Request.cmd(Command.HGET).arg(room.meta()).arg("openedAt"))
        .map(r -> r == null ? null : Instant.ofEpochMilli(r.toLong()));
  }

  private static List<String> strings(Response r) {
    List<String> out = new ArrayList<>(r == null ? 0 : r.size());
    if (r != null) {
      r.forEach(item -> out.add(item.toString()));
    }
    return out;
  }
}
