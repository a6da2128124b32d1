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
 * The opening's steps in Redis: start the draw (which fixes the pre-queue), read the set to draw,
 * apply its order chunk by chunk, and read back what the opening did for the reveal. Every call is
 * bounded ({@link #CHUNK} ids applied, {@link #READ_CHUNK} read), so no Redis command of an opening
 * blocks Redis for long, whatever the pre-queue's size.
 */
final class RoomOpenings {
  private static final LuaScript BEGIN = LuaScript.load("queue_open");
  private static final LuaScript CHUNK_STEP = LuaScript.load("queue_open_chunk");
  /** Ids applied per Redis call: about a millisecond of Redis each. */
  static final int CHUNK = 1000;
  /** Ids read per Redis call. */
  static final int READ_CHUNK = 5000;
  /** The opening's order stays in Redis this long, for the reveal if Postgres missed it. */
  static final long OPENING_KEPT_MILLIS = Duration.ofDays(7).toMillis();

  static final int OPENED_BEFORE = 0;
  static final int OPENED_NOW = 1;
  static final int DRAWING = 2;
  static final int ORDER_DIFFERS = -1;
  static final int TOO_EARLY = -2;

  /** {@code outcome}: one of the constants above; {@code openedAt} once opened; while drawing, how many ids are {@code applied}. */
  record Step(int outcome, Instant openedAt, long applied) {
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

  /** Starts (or reports) the opening: from here on nobody joins the pre-queue. */
  Future<Step> begin(Room room) {
    return BEGIN.run(redis, room.openKeys(), List.of(Long.toString(room.opensAtMillis()),
        Long.toString(OPENING_KEPT_MILLIS))).map(Step::of);
  }

  /**
   * The set the opening draws (any order): the pre-queue at the opening instant. Ids move from
   * the pre-queue to the opening list while others apply the order, so the pre-queue is read
   * first (by score, which a removal does not shift), then the list (which only grows): every id
   * is in one or the other by the time it is read.
   */
  Future<Set<String>> drawnSet(Room room) {
    Set<String> ids = new LinkedHashSet<>();
    return readPreQueue(room, "-inf", ids).compose(v -> readList(room.opening(), 0, ids)).map(ids);
  }

  private Future<Void> readPreQueue(Room room, String fromScore, Set<String> into) {
    return redis.send(Request.cmd(Command.ZRANGE).arg(room.pre()).arg(fromScore).arg("+inf").arg("BYSCORE")
        .arg("LIMIT").arg(0).arg(READ_CHUNK).arg("WITHSCORES")).compose(r -> {
          int before = into.size();
          // RESP3 answers [id, score] pairs, RESP2 a flat id, score, id, score list.
          boolean pairs = r.size() > 0 && r.get(0).type() == io.vertx.redis.client.ResponseType.MULTI;
          int count = pairs ? r.size() : r.size() / 2;
          String last = null;
          for (int i = 0; i < count; i++) {
            into.add((pairs ? r.get(i).get(0) : r.get(2 * i)).toString());
            last = (pairs ? r.get(i).get(1) : r.get(2 * i + 1)).toString();
          }
          // Scores are unique issue numbers; the last one is read again (inclusive) and skipped.
          return count < READ_CHUNK || into.size() == before ? Future.succeededFuture()
              : readPreQueue(room, last, into);
        });
  }

  private Future<Void> readList(String key, long from, Set<String> into) {
    return redis.send(Request.cmd(Command.LRANGE).arg(key).arg(from).arg(from + READ_CHUNK - 1)).compose(r -> {
      r.forEach(item -> into.add(item.toString()));
      return r.size() < READ_CHUNK ? Future.succeededFuture() : readList(key, from + READ_CHUNK, into);
    });
  }

  /** One chunk: up to {@link #CHUNK} ids of {@code order} from rank {@code from}. */
  Future<Step> applyChunk(Room room, List<String> order, long from) {
    int start = (int) from;
    List<String> args = new ArrayList<>(CHUNK + 2);
    args.add(Long.toString(OPENING_KEPT_MILLIS));
    args.add(Integer.toString(start));
    args.addAll(order.subList(start, Math.min(order.size(), start + CHUNK)));
    return CHUNK_STEP.run(redis, room.openKeys(), args).map(Step::of);
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
