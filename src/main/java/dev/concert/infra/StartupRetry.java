package dev.concert.infra;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A start-up step that talks to Redis or Postgres, tried again when it fails. While an instance
 * starts, its event loops are busy deploying verticles and compiling code, so on a loaded machine
 * the first replies can miss their per-request deadline (CONCERT_REDIS_TIMEOUT_MS) although the
 * server is fine; one slow reply should not end the start. A dependency that stays down still
 * fails it, after the last attempt.
 */
public final class StartupRetry {
  private static final Logger LOG = LoggerFactory.getLogger(StartupRetry.class);

  private StartupRetry() {}

  /** Runs {@code step} until it succeeds, at most {@code attempts} times, {@code pauseMillis} apart. */
  public static <T> Future<T> run(Vertx vertx, String what, int attempts, long pauseMillis, Supplier<Future<T>> step) {
    Promise<T> result = Promise.promise();
    attempt(vertx, what, 1, attempts, pauseMillis, step, result);
    return result.future();
  }

  private static <T> void attempt(Vertx vertx, String what, int attempt, int attempts, long pauseMillis,
      Supplier<Future<T>> step, Promise<T> result) {
    step.get().onComplete(result::complete, failure -> {
      if (attempt >= attempts) {
        result.fail(failure);
        return;
      }
      LOG.warn("{} failed at start (attempt {} of {}), trying again in {} ms: {}", what, attempt, attempts, pauseMillis,
          failure.toString());
      vertx.setTimer(pauseMillis, id -> attempt(vertx, what, attempt + 1, attempts, pauseMillis, step, result));
    });
  }
}
