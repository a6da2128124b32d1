package dev.concert.queue;

import dev.concert.infra.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.util.List;

/**
 * A room's tokens in Redis: issue, place (restored after a loss), end. Every rule that spans
 * instances runs inside one Lua script on one room's keys. What is kept for a token (its place,
 * owner entry, user key) goes when it ends: user keys expire on their own, the rest leaves in the
 * room's tick ({@link RoomAdmissions}).
 */
public final class RedisQueueStore {
  private static final LuaScript ISSUE = LuaScript.load("queue_issue");
  private static final LuaScript STATE = LuaScript.load("queue_state");
  private static final LuaScript END = LuaScript.load("queue_end");
  /** A user key outlives its token's known end by this much (clock skew, a late tick). */
  static final long GRACE_MILLIS = 60_000;

  /**
   * How long tokens live: abandonment of the waiting, the active time; and how long an ended
   * token still reads its user's account.
   */
  public record Timing(long abandonMillis, long activeMillis, long accountGraceMillis) {
    /** With the default account grace (1 h). */
    public Timing(long abandonMillis, long activeMillis) {
      this(abandonMillis, activeMillis, 3_600_000);
    }
  }

  /**
   * A token's place: {@code position} 1-based among the waiting, -1 while the pre-queue is not
   * ordered yet, 0 once active; {@code capWaitMillis} until the room's cap frees a slot for it.
   */
  public record Place(QueueState state, long position, Instant activeUntil, long capWaitMillis) {
    static Place from(Response r, int at) {
      long until = r.get(at + 2).toLong();
      return new Place(QueueState.valueOf(r.get(at).toString()), r.get(at + 1).toLong(),
          until < 0 ? null : Instant.ofEpochMilli(until), r.get(at + 3).toLong());
    }
  }

  public record Issued(boolean created, String tokenId, long issuedAtSeconds, long seq, Place place) {}

  /** One line per restored token would flood the log after a loss: debug level, and a counter. */
  private static final org.slf4j.Logger RESTORED = org.slf4j.LoggerFactory.getLogger(RedisQueueStore.class.getName() + ".restored");

  /** Where a pre-queue token's drawn place is known after Redis lost it (see {@link OpeningRanks}). */
  public interface DrawnOrder {
    /** The token's score in its room's drawn order, or null if none was recorded. */
    Future<Long> score(Room room, String tokenId);
  }

  private final Redis redis;
  private final Timing timing;
  private final DrawnOrder drawn;
  /** A restored token's room goes back on the timer's list. */
  private final DueRooms dueRooms;

  public RedisQueueStore(Redis redis, Timing timing, DrawnOrder drawn) {
    this.redis = redis;
    this.timing = timing;
    this.drawn = drawn;
    this.dueRooms = new DueRooms(redis);
  }

  /** Without a drawn order: restored pre-queue joiners go back in join order. */
  public RedisQueueStore(Redis redis, Timing timing) {
    this(redis, timing, (room, tokenId) -> Future.succeededFuture(null));
  }

  /** With the default abandonment (120 s) and active time (600 s): for tests of the service-wide room. */
  public RedisQueueStore(Redis redis) {
    this(redis, new Timing(120_000, 600_000));
  }

  private long waitingTtl() {
    return timing.abandonMillis() + GRACE_MILLIS;
  }

  /** The user's live token in {@code room} if any, else a new one (pre-queue before the opening). */
  public Future<Issued> issue(Room room, String userId, String candidateTokenId, long issuedAtSeconds) {
    return ISSUE.run(redis, room.issueKeys(userId), List.of(userId, candidateTokenId, Long.toString(issuedAtSeconds),
            Long.toString(room.opensAtMillis()), Long.toString(waitingTtl()), Integer.toString(room.admitPerSecond()),
            Integer.toString(room.maxActive()), Long.toString(timing.activeMillis()), drawKey(room, candidateTokenId)))
        .map(r -> new Issued(r.get(0).toInteger() == 1, r.get(1).toString(), r.get(2).toLong(), r.get(3).toLong(),
            Place.from(r, 4)));
  }

  /** The token's place, by its id alone (a token Redis lost is not restored); a waiting token's read counts as a poll. */
  public Future<Place> place(Room room, String tokenId, String userId) {
    return place(room, tokenId, userId, 0, 0);
  }

  /**
   * The token's place; a waiting token's read counts as a poll. A token whose state Redis lost
   * (its signed issue number is older than the room's keys) takes back its place by that number,
   * and the room goes back on the admission timer's list.
   */
  public Future<Place> place(Room room, QueueToken token) {
    return place(room, token.tokenId(), token.userId().toString(), token.seq(), token.issuedAt().getEpochSecond());
  }

  private Future<Place> place(Room room, String tokenId, String userId, long seq, long issuedAtSeconds) {
    return place(room, tokenId, userId, seq, issuedAtSeconds, "").compose(r -> switch (r.get(4).toInteger()) {
      // Lost with Redis's data, a pre-queue joiner of an opened room: back at its drawn place.
      case 2 -> drawn.score(room, tokenId)
          .compose(score -> place(room, tokenId, userId, seq, issuedAtSeconds, score == null ? "none" : score.toString()))
          .compose(again -> restored(room, again));
      default -> restored(room, r);
    });
  }

  private Future<Response> place(Room room, String tokenId, String userId, long seq, long issuedAtSeconds, String drawnScore) {
    return STATE.run(redis, room.stateKeys(userId), List.of(tokenId, Long.toString(room.opensAtMillis()),
        Integer.toString(room.admitPerSecond()), Integer.toString(room.maxActive()),
        Long.toString(timing.activeMillis()), Long.toString(waitingTtl()), userId, Long.toString(seq),
        Long.toString(issuedAtSeconds), drawnScore, drawKey(room, tokenId)));
  }

  /**
   * The token's key in its room's draw ({@link OpeningOrder#drawKey}), its score in the pre-queue:
   * the pre-queue is kept in the order the opening will give it. 0 for a room without an opening.
   */
  private static String drawKey(Room room, String tokenId) {
    return room.hasOpening() && room.seed() != null ? Long.toString(OpeningOrder.drawKey(room.seed(), tokenId)) : "0";
  }

  /** The place; a restored token's room goes back on the admission timer's list. */
  private Future<Place> restored(Room room, Response r) {
    Place place = Place.from(r, 0);
    if (r.get(4).toInteger() == 1) {
      dev.concert.metrics.DomainMetrics.queueTokensRestored();
      RESTORED.debug("queue token of room {} restored after Redis lost its state", room.id());
      return dueRooms.touch(room, room.opensAtMillis()).map(place);
    }
    return Future.succeededFuture(place);
  }

  /** Ends the user's live token in {@code room} at once, whichever it is; true if there was one. */
  public Future<Boolean> end(Room room, String userId) {
    return end(room, userId, "");
  }

  /**
   * Ends token {@code tokenId} of the user in {@code room} at once if it is the user's live one
   * there; true if it was. Its end is kept for the account grace (queue_account.lua).
   */
  public Future<Boolean> end(Room room, String userId, String tokenId) {
    return END.run(redis, room.endKeys(userId), List.of(room.moves(), tokenId, Long.toString(timing.accountGraceMillis())))
        .map(r -> r.toInteger() == 1);
  }

  /** How many tokens of {@code room} are active now. */
  public Future<Long> activeCount(Room room) {
    return redis.send(Request.cmd(Command.ZCARD).arg(room.active())).map(Response::toLong);
  }
}
