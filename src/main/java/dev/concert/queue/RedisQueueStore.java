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
 * The rooms' state in Redis; every rule that spans instances runs inside one Lua script on one
 * room's keys. What is kept for a token (its place, owner entry, user key) goes when it ends: user
 * keys expire on their own, the rest leaves in the room's tick.
 */
public final class RedisQueueStore {
  private static final LuaScript ISSUE = LuaScript.load("queue_issue");
  private static final LuaScript STATE = LuaScript.load("queue_state");
  private static final LuaScript ADMIT = LuaScript.load("queue_admit");
  private static final LuaScript END = LuaScript.load("queue_end");
  private static final LuaScript OPEN = LuaScript.load("queue_open");
  private static final LuaScript TOUCH = LuaScript.load("rooms_touch");
  private static final LuaScript DUE = LuaScript.load("rooms_due");
  private static final LuaScript IDLE = LuaScript.load("rooms_idle");
  private static final LuaScript HEAD = LuaScript.load("queue_head");
  /** A user key outlives its token's known end by this much (clock skew, a late tick). */
  static final long GRACE_MILLIS = 60_000;
  /** The opening's order stays in Redis this long, for the reveal if Postgres missed it. */
  static final long OPENING_KEPT_MILLIS = Duration.ofDays(7).toMillis();

  /** How long tokens live: abandonment of the waiting, the active time. */
  public record Timing(long abandonMillis, long activeMillis) {}

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

  public record Issued(boolean created, String tokenId, long issuedAtSeconds, long seq, Place place) {
    /** Legacy view for callers that only need to know whether a token was created. */
    public String token() {
      return tokenId;
    }
  }

  public record Admission(long admitted, long expired, long abandoned, long waiting, long active, long preQueue) {
    public boolean idle() {
      return waiting == 0 && active == 0 && preQueue == 0;
    }
  }

  /** {@code opened}: 1 this call opened the room, 0 it was open, -1 the pre-queue changed, -2 too early. */
  public record Opening(int outcome, Instant openedAt) {}

  public record DueRoom(String roomId, String version) {}

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

  public RedisQueueStore(Redis redis, Timing timing, DrawnOrder drawn) {
    this.redis = redis;
    this.timing = timing;
    this.drawn = drawn;
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
            Integer.toString(room.maxActive()), Long.toString(timing.activeMillis())))
        .map(r -> new Issued(r.get(0).toInteger() == 1, r.get(1).toString(), r.get(2).toLong(), r.get(3).toLong(),
            Place.from(r, 4)));
  }

  /** Service-wide room, rate 1 and cap 1 for the place arithmetic (tests that only fill the line). */
  public Future<Issued> issue(String userId, String candidateTokenId, String ignoredToken) {
    return issue(Room.serviceWide(1, 1), userId, candidateTokenId, Instant.now().getEpochSecond());
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
        Long.toString(issuedAtSeconds), drawnScore));
  }

  /** The place; a restored token's room goes back on the admission timer's list. */
  private Future<Place> restored(Room room, Response r) {
    Place place = Place.from(r, 0);
    if (r.get(4).toInteger() == 1) {
      dev.concert.metrics.DomainMetrics.queueTokensRestored();
      RESTORED.debug("queue token of room {} restored after Redis lost its state", room.id());
      return touch(room, room.opensAtMillis()).map(place);
    }
    return Future.succeededFuture(place);
  }

  /**
   * The head of a room's line: a waiting token of order {@code s} stands at
   * {@link LineHead#position(long)}. {@code departed}: ascending scores of tokens that left the
   * line above its head (abandoned, ended), which the positions must not count.
   */
  public record LineHead(Long head, long shuffled, Long firstArrival, boolean opened, long[] departed) {
    /** 1-based position of the token of order {@code s}; 0 if it is no longer in the line. */
    public long position(long s) {
      if (head == null) {
        return 0;
      }
      if (s < 0) {
        return s < head ? 0 : s - head + 1 - departedIn(head, s);
      }
      return firstArrival == null || s < firstArrival ? 0 : shuffled + (s - firstArrival + 1) - departedIn(firstArrival, s);
    }

    /** How many departed scores lie in [from, to). */
    private long departedIn(long from, long to) {
      return firstAtOrAbove(to) - firstAtOrAbove(from);
    }

    private int firstAtOrAbove(long score) {
      int low = 0;
      int high = departed.length;
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (departed[mid] < score) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      return low;
    }
  }

  public Future<LineHead> head(Room room) {
    return HEAD.run(redis, List.of(room.waiting(), room.meta(), room.departed()), List.of()).map(r -> {
      Response scores = r.get(4);
      long[] departed = new long[scores.size()];
      for (int i = 0; i < departed.length; i++) {
        departed[i] = score(scores.get(i));
      }
      return new LineHead(score(r.get(0)), r.get(1).toLong(), score(r.get(2)), r.get(3).toInteger() == 1, departed);
    });
  }

  /** The token's order in the waiting line (its score); null when it is not in it. */
  public Future<Long> order(Room room, String tokenId) {
    return redis.send(Request.cmd(Command.ZSCORE).arg(room.waiting()).arg(tokenId)).map(RedisQueueStore::score);
  }

  private static Long score(Response r) {
    if (r == null || r.toString().isEmpty()) {
      return null;
    }
    return (long) Double.parseDouble(r.toString());
  }

  /** One tick of {@code room}: expiry, abandonment, admission at its rate and cap. */
  public Future<Admission> admit(Room room) {
    return admit(room, timing.activeMillis());
  }

  /** Service-wide room with the given rate, cap and active time (tests). */
  public Future<Admission> admit(int ratePerSecond, int maxActive, long activeMillis) {
    return admit(Room.serviceWide(ratePerSecond, maxActive), activeMillis);
  }

  private Future<Admission> admit(Room room, long activeMillis) {
    return ADMIT.run(redis, room.admitKeys(), List.of(Integer.toString(room.admitPerSecond()),
            Integer.toString(room.maxActive()), Long.toString(activeMillis), Long.toString(timing.abandonMillis()),
            Long.toString(room.opensAtMillis()), room.userPrefix(), Long.toString(GRACE_MILLIS)))
        .map(r -> new Admission(r.get(0).toLong(), r.get(1).toLong(), r.get(2).toLong(), r.get(3).toLong(),
            r.get(4).toLong(), r.get(5).toLong()));
  }

  /** Ends the user's live token in {@code room} at once; true if there was one. */
  public Future<Boolean> end(Room room, String userId) {
    return END.run(redis, room.endKeys(userId), List.of()).map(r -> r.toInteger() == 1);
  }

  /** Ends the user's live token in the service-wide room. */
  public Future<Boolean> end(String userId) {
    return end(Room.serviceWide(1, 1), userId);
  }

  /** The pre-queue's token ids (any order). */
  public Future<List<String>> preQueue(Room room) {
    return redis.send(Request.cmd(Command.ZRANGE).arg(room.pre()).arg(0).arg(-1)).map(RedisQueueStore::strings);
  }

  /** Applies the opening: {@code order} must be exactly the pre-queue (checked in the script). */
  public Future<Opening> open(Room room, List<String> order) {
    List<String> args = new ArrayList<>(order.size() + 2);
    args.add(Long.toString(room.opensAtMillis()));
    args.add(Long.toString(OPENING_KEPT_MILLIS));
    args.addAll(order);
    return OPEN.run(redis, room.openKeys(), args).map(r -> new Opening(r.get(0).toInteger(),
        r.size() > 1 ? Instant.ofEpochMilli(r.get(1).toLong()) : null));
  }

  /** The order the opening gave (kept in Redis for a week), and how many the pre-queue had. */
  public Future<List<String>> openingOrder(Room room) {
    return redis.send(Request.cmd(Command.LRANGE).arg(room.opening()).arg(0).arg(-1)).map(RedisQueueStore::strings);
  }

  public Future<Long> openedPreQueueSize(Room room) {
    return redis.send(Request.cmd(Command.HGET).arg(room.meta()).arg("preQueue"))
        .map(r -> r == null ? -1L : r.toLong());
  }

  /** When the room opened; null if it has not. */
  public Future<Instant> openedAt(Room room) {
    return redis.send(Request.cmd(Command.HGET).arg(room.meta()).arg("openedAt"))
        .map(r -> r == null ? null : Instant.ofEpochMilli(r.toLong()));
  }

  /** Puts the room on the timer's list, due at {@code dueMillis}. */
  public Future<Void> touch(Room room, long dueMillis) {
    return TOUCH.run(redis, RoomKeys.ALL, List.of(room.id(), Long.toString(dueMillis))).mapEmpty();
  }

  public Future<List<DueRoom>> dueRooms(int limit) {
    return DUE.run(redis, RoomKeys.ALL, List.of(Integer.toString(limit))).map(r -> {
      List<DueRoom> rooms = new ArrayList<>(r.size() / 2);
      for (int i = 0; i + 1 < r.size(); i += 2) {
        rooms.add(new DueRoom(r.get(i).toString(), r.get(i + 1).toString()));
      }
      return rooms;
    });
  }

  /** Takes an idle room off the list unless a token joined since {@code due} was read. */
  public Future<Boolean> idle(DueRoom due) {
    return IDLE.run(redis, RoomKeys.ALL, List.of(due.roomId(), due.version())).map(r -> r.toInteger() == 1);
  }

  public Future<Long> waitingCount() {
    return waitingCount(Room.serviceWide(1, 1));
  }

  public Future<Long> activeCount() {
    return activeCount(Room.serviceWide(1, 1));
  }

  public Future<Long> waitingCount(Room room) {
    return redis.send(Request.cmd(Command.ZCARD).arg(room.waiting())).map(Response::toLong);
  }

  public Future<Long> activeCount(Room room) {
    return redis.send(Request.cmd(Command.ZCARD).arg(room.active())).map(Response::toLong);
  }

  private static List<String> strings(Response r) {
    List<String> out = new ArrayList<>(r == null ? 0 : r.size());
    if (r != null) {
      r.forEach(item -> out.add(item.toString()));
    }
    return out;
  }
}
