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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The opening's steps in Redis: move the pre-queue, already in its drawn order (scored by each
 * token's draw key since it joined), to the line a chunk at a time, and read back what the opening
 * did for the reveal. Every call is bounded ({@link #CHUNK} ids moved, {@link #READ_CHUNK} read),
 * so no Redis command of an opening blocks Redis for long, whatever the pre-queue's size.
 */
final class RoomOpenings {
  private static final LuaScript STEP = LuaScript.load("queue_open");
  /** Ids moved per Redis call: a few milliseconds of Redis each, on a busy box. */
  static final int CHUNK = 500;
  /** Ids read per Redis call. */
  static final int READ_CHUNK = 5000;
  /** The opening's order stays in Redis this long, for the reveal if Postgres missed it. */
  static final long OPENING_KEPT_MILLIS = Duration.ofDays(7).toMillis();

  static final int OPENED_BEFORE = 0;
  static final int OPENED_NOW = 1;
  static final int DRAWING = 2;
  static final int TOO_EARLY = -2;

  /** {@code outcome}: one of the constants above; {@code openedAt} once opened; while drawing, how many ids are {@code drawn}. */
  record Step(int outcome, Instant openedAt, long drawn) {
    static Step of(Response r) {
      int outcome = r.get(0).toInteger();
      return switch (outcome) {
        case OPENED_BEFORE, OPENED_NOW -> new Step(outcome, Instant.ofEpochMilli(r.get(1).toLong()), -1);
        case DRAWING -> new Step(outcome, null, r.get(1).toLong());
        default -> new Step(outcome, null, -1);
      };
    }
  }

  private final Redis redis;

  RoomOpenings(Redis redis) {
    this.redis = redis;
  }

  /**
   * One step: the first, once the opening instant has passed on Redis's clock, fixes the pre-queue
   * (from then on nobody joins it); each moves the next {@link #CHUNK} ids of the order to the line.
   */
  Future<Step> step(Room room) {
    return STEP.run(redis, room.openKeys(), List.of(Long.toString(room.opensAtMillis()),
        Long.toString(OPENING_KEPT_MILLIS), Integer.toString(CHUNK))).map(Step::of);
  }

  private Future<Void> readList(String key, long from, Set<String> into) {
    return redis.send(Request.cmd(Command.LRANGE).arg(key).arg(from).arg(from + READ_CHUNK - 1)).compose(r -> {
      r.forEach(item -> into.add(item.toString()));
      return r.size() < READ_CHUNK ? Future.succeededFuture() : readList(key, from + READ_CHUNK, into);
    });
  }

  /** The order the opening gave (kept in Redis for a week), read a chunk at a time. */
  Future<List<String>> openingOrder(Room room) {
    Set<String> ids = new LinkedHashSet<>();
    return readList(room.opening(), 0, ids).map(v -> new ArrayList<>(ids));
  }

  /** How many the opening drew; -1 if the room has not opened. */
  Future<Long> openedPreQueueSize(Room room) {
    return redis.send(Request.cmd(Command.HGET).arg(room.meta()).arg("preQueue"))
        .map(r -> r == null ? -1L : r.toLong());
  }

  /** When the room opened; null if it has not. */
  Future<Instant> openedAt(Room room) {
    return redis.send(Request.cmd(Command.HGET).arg(room.meta()).arg("openedAt"))
        .map(r -> r == null ? null : Instant.ofEpochMilli(r.toLong()));
  }
}
