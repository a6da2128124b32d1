package dev.concert.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;

/**
 * A dependency stopped and started again under a {@link PurchaseLoad} on {@link TwoInstances}:
 * the instances must serve again by themselves within {@link #BACK_WITHIN} of the dependency
 * being back, then nothing acknowledged may be missing and the audit must be clean.
 */
public final class RestartDrill {
  /** The contract's promise: both instances serve again this soon after the dependency is back. */
  public static final Duration BACK_WITHIN = Duration.ofSeconds(15);
  /** Payments before the outage and after the way back, each. */
  private static final int PAYMENTS = 20;

  private final TwoInstances instances;
  private final PurchaseLoad load;

  public RestartDrill(TwoInstances instances, PurchaseLoad load) {
    this.instances = instances;
    this.load = load;
  }

  /**
   * Once the load has paid a while: {@code stop}, wait until {@code outageSeen} (given when the
   * stop ended, as {@link System#nanoTime()}), {@code start}; then waits until both instances are
   * ready, every buyer (half of them on each instance) has paid since, and {@code alsoBack} holds. Returns how long that took
   * after the start, failing past {@link #BACK_WITHIN}. The load then pays a while more.
   */
  public Duration run(Runnable stop, LongPredicate outageSeen, Runnable start, BooleanSupplier alsoBack) {
    load.awaitPayments(PAYMENTS, load.startedAt());
    stop.run();
    long stoppedAt = System.nanoTime();
    TestApp.awaitCondition(() -> outageSeen.test(stoppedAt), () -> "the outage to show; answers: " + load.summary());
    start.run();
    long backAt = System.nanoTime();
    // The promise plus the margin every promised time gets in these tests (Wait.PROMISE_MARGIN):
    // three test JVMs share two cores with the servers, so a promise kept can be seen a little late.
    long deadline = backAt + BACK_WITHIN.plus(Wait.PROMISE_MARGIN).toNanos();
    while (!(instances.bothReady() && load.everyBuyerPaidSince(backAt) && alsoBack.getAsBoolean())) {
      assertThat(System.nanoTime()).as("both instances serving every buyer again within %s (+ %s margin) of the dependency's start; "
          + "answers: %s", BACK_WITHIN, Wait.PROMISE_MARGIN, load.summary()).isLessThan(deadline);
      pause();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - backAt);
    load.awaitPayments(PAYMENTS, backAt);
    return took;
  }

  /**
   * Stops the load and checks the answers, Postgres, the audit, and both instances' seat maps
   * against Postgres (kept fresh by each instance's Redis subscription: one that did not come back
   * leaves a stale map).
   */
  public void checkAfterwards() {
    load.stop();
    load.assertTruthful();
    load.assertNothingAcknowledgedLost(instances.first());
    assertAuditClean(instances.first());
    String viewer = instances.first().activeUser().token();
    Map<String, String> truth = SeatMaps.truth(instances.first().pool());
    for (TestApp instance : instances.both()) {
      TestApp.awaitCondition(() -> SeatMaps.served(instance, viewer, load.schedules()).equals(truth),
          "the instance on port " + instance.port() + " to serve Postgres's seat map");
    }
  }

  /** The audit finds nothing (polled: a rebuild or a relay may still be finishing). */
  public static void assertAuditClean(TestApp app) {
    StringBuilder last = new StringBuilder();
    TestApp.awaitCondition(() -> {
      HttpResponse<Buffer> audit = app.operatorGet("/api/v1/admin/audit");
      last.setLength(0);
      last.append(audit.statusCode()).append(' ').append(audit.bodyAsString());
      return audit.statusCode() == 200 && audit.bodyAsJsonObject().getInteger("discrepancies") == 0;
    }, () -> "a clean audit; last: " + last);
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }
}
