package dev.concert.queue;

import dev.concert.infra.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.util.List;

/** The queue's state in Redis; every rule that spans instances runs inside one Lua script. */
public final class RedisQueueStore {
  private static final LuaScript ISSUE = LuaScript.load("queue_issue");
  private static final LuaScript STATE = LuaScript.load("queue_state");
  private static final LuaScript ADMIT = LuaScript.load("queue_admit");
  private static final LuaScript END = LuaScript.load("queue_end");

  /** A token's place: rank is 0-based among the waiting (-1 if not waiting). */
  public record Place(QueueState state, long rank, Instant activeUntil) {
    static Place from(Response state, Response rank, Response activeUntil) {
      long until = activeUntil.toLong();
      return new Place(QueueState.valueOf(state.toString()), rank.toLong(), until < 0 ? null : Instant.ofEpochMilli(until));
    }
  }

  public record Issued(boolean created, String token, Place place) {}

  public record Admission(long admitted, long expired) {}

  private final Redis redis;

  public RedisQueueStore(Redis redis) {
    this.redis = redis;
  }

  /** The user's live token if any, else {@code candidate} joins the end of the line. */
  public Future<Issued> issue(String userId, String candidateTokenId, String candidateToken) {
    return ISSUE.run(redis, QueueKeys.ISSUE, List.of(userId, candidateTokenId, candidateToken))
        .map(r -> new Issued(r.get(0).toInteger() == 1, r.get(1).toString(), Place.from(r.get(2), r.get(3), r.get(4))));
  }

  public Future<Place> place(String tokenId) {
    return STATE.run(redis, QueueKeys.STATE, List.of(tokenId)).map(r -> Place.from(r.get(0), r.get(1), r.get(2)));
  }

  public Future<Admission> admit(int ratePerSecond, int maxActive, long activeMillis) {
    return ADMIT.run(redis, QueueKeys.ADMIT,
            List.of(Integer.toString(ratePerSecond), Integer.toString(maxActive), Long.toString(activeMillis)))
        .map(r -> new Admission(r.get(0).toLong(), r.get(1).toLong()));
  }

  /** Ends the user's live token at once; true if there was one. */
  public Future<Boolean> end(String userId) {
    return END.run(redis, QueueKeys.END, List.of(userId)).map(r -> r.toInteger() == 1);
  }

  public Future<Long> waitingCount() {
    return redis.send(Request.cmd(Command.ZCARD).arg(QueueKeys.WAITING)).map(Response::toLong);
  }

  public Future<Long> activeCount() {
    return redis.send(Request.cmd(Command.ZCARD).arg(QueueKeys.ACTIVE)).map(Response::toLong);
  }
}
