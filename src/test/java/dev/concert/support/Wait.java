package dev.concert.support;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one way tests wait, on the test thread (never an event loop): for a future, or for a
 * condition polled until a deadline. Never a fixed sleep. No I/O of its own, so unit tests use it.
 */
public final class Wait {
  /** How long a condition may take by default: far past any promise, so load on the box does not fail a test. */
  public static final Duration DEFAULT = Duration.ofSeconds(30);
  /**
   * Slack on a promised time ("within 2 s") for a shared, loaded 2-core box: the condition is
   * polled until the promise plus this, so a promise missed by more still fails.
   */
  public static final Duration PROMISE_MARGIN = Duration.ofSeconds(1);
  private static final Duration FUTURE_DEADLINE = Duration.ofSeconds(120);
  private static final long POLL_MILLIS = 20;

  private Wait() {}

  /** The future's result; fails if it fails or is not done in 120 s. */
  public static <T> T result(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(FUTURE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("awaited future failed: " + e.getMessage(), e);
    }
  }

  /** Polls {@code condition} until true or {@link #DEFAULT} passes. */
  public static void until(BooleanSupplier condition, String what) {
    until(condition, () -> what, DEFAULT);
  }

  /** As above; {@code what} is asked for only on a timeout, so it can tell what was last seen. */
  public static void until(BooleanSupplier condition, Supplier<String> what) {
    until(condition, what, DEFAULT);
  }

  public static void until(BooleanSupplier condition, String what, Duration deadline) {
    until(condition, () -> what, deadline);
  }

  /**
   * Polls {@code condition}, which the service promises within {@code promise} of {@code sinceNanos}
   * (a {@link System#nanoTime()}), until the promise plus {@link #PROMISE_MARGIN} has passed.
   */
  public static void within(Duration promise, long sinceNanos, BooleanSupplier condition, Supplier<String> what) {
    Duration left = promise.plus(PROMISE_MARGIN).minusNanos(System.nanoTime() - sinceNanos);
    until(condition, () -> what.get() + " (promised within " + promise.toMillis() + " ms)", left.isNegative() ? Duration.ZERO : left);
  }

  public static void within(Duration promise, long sinceNanos, BooleanSupplier condition, String what) {
    within(promise, sinceNanos, condition, () -> what);
  }

  /**
   * Polls {@code condition} until true, failing once {@code deadline} has passed. For a promise
   * ("within 2 s") pass the promise plus a margin for a loaded box, not the promise itself.
   */
  public static void until(BooleanSupplier condition, Supplier<String> what, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("timed out after " + deadline.toMillis() + " ms waiting for " + what.get());
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what.get());
      }
    }
  }
}
