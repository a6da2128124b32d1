package dev.concert.support;

import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;

/** Waiting for futures from the test thread. */
public final class Futures {
  private Futures() {}

  /** Waits for {@code future}; its failure, or null if it succeeded. */
  public static Throwable failureOf(Future<?> future) {
    try {
      TestApp.await(future);
      return null;
    } catch (IllegalStateException e) {
      return e.getCause() instanceof ExecutionException ee ? ee.getCause() : e.getCause();
    }
  }
}
