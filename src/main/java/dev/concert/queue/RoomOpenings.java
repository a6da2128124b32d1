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
  /** Ids applied per Redis call: a few milliseconds of Redis each, on a busy box. */
  static final int CHUNK = 500;
  /** Ids (or issue numbers) read per Redis call. */
  static final int READ_CHUNK = 5000;
  /** Reads of the pre-queue sent at once (one connection pipelines them). */
  private static final int READS_AT_ONCE = 16;
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
   * first, by score (its scores are unique integer issue numbers, which a removal does not shift),
   * then the list (which only grows): every id is in one or the other by the time it is read. The
   * score ranges are read {@link #READS_AT_ONCE} at a time, each of at most {@link #READ_CHUNK} ids.
   */
  Future<Set<String>> drawnSet(Room room) {
    Set<String> ids = new LinkedHashSet<>();
    Future<Long> lowest = edgeScore(room, 0);
    Future<Long> highest = edgeScore(room, -1);
    return Future.all(lowest, highest)
        .compose(both -> lowest.result() == null ? Future.succeededFuture()
            : readScores(room, lowest.result(), highest.result(), ids))
        .compose(v -> readList(room.opening(), 0, ids)).map(ids);
  }

  /** The score at rank {@code rank} of the pre-queue (0 the lowest, -1 the highest); null if empty. */
  private Future<Long> edgeScore(Room room, int rank) {
    return redis.send(Request.cmd(Command.ZRANGE).arg(room.pre()).arg(rank).arg(rank).arg("WITHSCORES")).map(r -> {
      if (r == null || r.size() == 0) {
        return null;
      }
      // RESP3 answers [[id, score]], RESP2 [id, score]; issue numbers are below 2^53, exact as doubles.
      Response score = r.get(0).type() == io.vertx.redis.client.ResponseType.MULTI ? r.get(0).get(1) : r.get(1);
      return score.toDouble().longValue();
    });
  }

  private Future<Void> readScores(Room room, long from, long to, Set<String> into) {
    List<Future<Response>> reads = new ArrayList<>();
    long next = from;
    for (int i = 0; i < READS_AT_ONCE && next <= to; i++, next += READ_CHUNK) {
      reads.add(redis.send(Request.cmd(Command.ZRANGE).arg(room.pre()).arg(next)
          .arg(Math.min(to, next + READ_CHUNK - 1)).arg("BYSCORE")));
    }
    long rest = next;
    return Future.all(reads).compose(all -> {
      reads.forEach(read -> read.result().forEach(id -> into.add(id.toString())));
      return rest > to ? Future.succeededFuture() : readScores(room, rest, to, into);
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
