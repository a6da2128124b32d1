package dev.concert.cluster;

import io.vertx.core.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM (and SIGINT) → stop taking requests, finish those in flight (bounded by the grace
 * period), leave the cluster, exit 0. The JVM's own SIGTERM handling would exit 143 after the
 * shutdown hooks, so the signal is taken here; a shutdown hook covers every other way out
 * ({@code System.exit}, a platform without the signal API) with the same sequence.
 */
public final class GracefulShutdown {
  private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);
  /** Beyond the grace period: undeploying, leaving the cluster, closing pools. */
  private static final long CLOSE_ALLOWANCE_MS = 15_000;

  private final Supplier<Future<Void>> stop;
  private final long graceMillis;
  private final AtomicBoolean started = new AtomicBoolean();
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  private GracefulShutdown(Supplier<Future<Void>> stop, long graceMillis) {
    this.stop = stop;
    this.graceMillis = graceMillis;
  }

  /** {@code stop} performs the whole sequence (see {@code Application.shutdown}). */
  public static GracefulShutdown install(Supplier<Future<Void>> stop, long graceMillis) {
    GracefulShutdown shutdown = new GracefulShutdown(stop, graceMillis);
    Runtime.getRuntime().addShutdownHook(new Thread(shutdown::runAndWait, "shutdown-hook"));
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), signal -> new Thread(() -> {
          LOG.info("SIG{} received: shutting down gracefully", name);
          shutdown.runAndWait();
          System.exit(0);
        }, "shutdown-" + name).start());
      } catch (Throwable unsupported) {
        LOG.info("cannot take SIG{} ({}); the shutdown hook will do", name, unsupported.toString());
      }
    }
    return shutdown;
  }

  /** Runs the sequence once, whoever asks first; every caller waits for its end. */
  void runAndWait() {
    if (started.compareAndSet(false, true)) {
      long begin = System.nanoTime();
      try {
        stop.get().onComplete(
            v -> done.complete(null),
            failure -> {
              LOG.warn("shutdown did not finish cleanly: {}", failure.toString());
              done.complete(null);
            });
      } catch (RuntimeException e) {
        LOG.warn("shutdown failed: {}", e.toString());
        done.complete(null);
      }
      await();
      LOG.info("stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
      flushLogs();
    } else {
      await();
    }
  }

  private void await() {
    try {
      done.get(graceMillis + CLOSE_ALLOWANCE_MS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("shutdown took longer than {} ms; exiting anyway", graceMillis + CLOSE_ALLOWANCE_MS);
    }
  }

  /** The async appender would drop the last lines otherwise. */
  private static void flushLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
      context.stop();
    }
  }
}
