package dev.concert.infra;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Redis commands with a deadline: the client has none of its own, and a stalled Redis would keep a
 * request waiting past the event bus's patience (then the answer would not match what happened).
 * A command given up on may still run later: mutating scripts that must not (a seat hold) carry
 * their deadline and do nothing once Redis's own clock is past it.
 */
public final class TimedRedis implements Redis {
  private final Redis redis;
  private final long timeoutMillis;

  public TimedRedis(Redis redis, long timeoutMillis) {
    this.redis = redis;
    this.timeoutMillis = timeoutMillis;
  }

  public long timeoutMillis() {
    return timeoutMillis;
  }

  /**
   * The epoch millisecond after which a command sent at {@code nowMillis} has been given up on; 0
   * when never. {@code nowMillis} is by the clock the deadline is checked with (Redis's, for a script).
   */
  public static long deadlineOf(Redis redis, long nowMillis) {
    return redis instanceof TimedRedis timed ? nowMillis + timed.timeoutMillis : 0;
  }

  @Override
  public Future<Response> send(Request request) {
    return redis.send(request).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public Future<List<Response>> batch(List<Request> requests) {
    return redis.batch(requests).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public Future<RedisConnection> connect() {
    return redis.connect();
  }

  @Override
  public Future<Void> close() {
    return redis.close();
  }
}
