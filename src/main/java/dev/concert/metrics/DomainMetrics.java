package dev.concert.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The domain counters and gauges an operator watches during a sale. Features call these methods;
 * they record into Micrometer's global registry, which is a no-op until {@link MetricsSetup} adds
 * a real registry (CONCERT_METRICS=false leaves it so). Counters are per instance: sum them over
 * instances. The gauges fed by {@link #queueSizes} and {@link #oldestDueHoldAge} describe shared
 * state (Redis, Postgres): every instance reports the same value, so take max(), not sum().
 *
 * <p>Every meter is looked up once, here, and kept: a hot path never pays a registry lookup. The
 * global registry is a composite whose meters follow registries being added and removed, so the
 * kept instances stay valid across Vert.x instances (tests start many).
 */
public final class DomainMetrics {
  private DomainMetrics() {}

  private static MeterRegistry registry() {
    return Metrics.globalRegistry;
  }

  private static Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry());
  }

  private static final Counter TOKENS_ISSUED = counter("concert_queue_tokens_issued", "queue tokens newly issued");
  private static final Counter ADMITTED = counter("concert_queue_admitted", "waiting tokens admitted to ACTIVE");
  private static final Counter HOLDS_PLACED = counter("concert_holds_placed", "seat holds placed");
  private static final Counter HOLDS_EXPIRED = counter("concert_holds_expired", "seat holds expired by the sweeper");
  private static final Counter HOLDS_CANCELLED = counter("concert_holds_cancelled", "seat holds cancelled by their owner");
  private static final Counter SEAT_CONFLICTS =
      counter("concert_seat_conflicts", "hold attempts refused with 409 SEAT_UNAVAILABLE");
  private static final Counter PAYMENTS_COMPLETED = counter("concert_payments_completed", "payments that succeeded");
  private static final Counter IDEMPOTENT_REPLAYS =
      counter("concert_idempotent_replays", "requests answered from a stored Idempotency-Key result");
  private static final Counter OUTBOX_PUBLISHED = counter("concert_outbox_published", "outbox events published to Kafka");
  private static final Counter OUTBOX_PUBLISH_FAILURES =
      counter("concert_outbox_publish_failures", "outbox relay rounds that failed to publish");
  private static final Counter SWEEPER_RUNS = counter("concert_sweeper_runs", "expiry sweeper rounds");
  private static final Counter QUEUE_TOKENS_RESTORED = counter("concert_queue_tokens_restored",
      "queue tokens whose state Redis had lost, put back in their room by their signed issue number");
  private static final Counter REDIS_DATA_LOST = counter("concert_redis_data_lost",
      "times this instance found that Redis had lost its data (marker gone or server restarted) and rebuilt it");

  private static final Counter PLACES_WITHHELD =
      counter("concert_places_withheld", "places operators took off the sale (a retry of a withheld place counts again)");
  private static final Counter PLACES_PUT_BACK = counter("concert_places_put_back", "withheld places put back on sale");

  // Shared-state gauges: refreshed by one timer per instance, read at scrape time.
  private static final Counter CANCELLATION_REFUNDS = counter("concert_cancellation_refunds",
      "paid reservations refunded because their date was cancelled");
  private static final Counter CANCELLATION_HOLDS_ENDED = counter("concert_cancellation_holds_ended",
      "holds ended because their date was cancelled");
  private static final AtomicLong CANCELLATION_REFUNDS_PENDING = new AtomicLong();
  private static final AtomicLong WAITING = new AtomicLong();
  private static final AtomicLong ACTIVE = new AtomicLong();
  private static final AtomicLong OLDEST_DUE_HOLD_MILLIS = new AtomicLong();
  private static final AtomicLong WITHHELD_PLACES = new AtomicLong();

  static {
    Gauge.builder("concert_queue_waiting_tokens", WAITING, AtomicLong::doubleValue).strongReference(true)
        .description("tokens waiting in the queue (shared state: use max over instances)").register(registry());
    Gauge.builder("concert_queue_active_tokens", ACTIVE, AtomicLong::doubleValue).strongReference(true)
        .description("ACTIVE tokens (shared state: use max over instances)").register(registry());
    Gauge.builder("concert_oldest_due_hold_age_seconds", OLDEST_DUE_HOLD_MILLIS, millis -> millis.get() / 1000.0)
        .strongReference(true)
        .description("how long the oldest unpaid hold is past its heldUntil, 0 if none (shared state: use max)")
        .register(registry());
    Gauge.builder("concert_withheld_places", WITHHELD_PLACES, AtomicLong::doubleValue).strongReference(true)
        .description("places withheld from the sale over every date, from Postgres (shared state: use max)")
        .register(registry());
    Gauge.builder("concert_cancellation_refunds_pending", CANCELLATION_REFUNDS_PENDING, AtomicLong::doubleValue)
        .strongReference(true)
        .description("paid reservations of dates being cancelled still to refund (shared state: use max)")
        .register(registry());
  }

  public static void tokensIssued() {
    TOKENS_ISSUED.increment();
  }

  public static void admitted(long count) {
    if (count > 0) {
      ADMITTED.increment(count);
    }
  }

  public static void holdsPlaced() {
    HOLDS_PLACED.increment();
  }

  public static void holdsExpired(long count) {
    if (count > 0) {
      HOLDS_EXPIRED.increment(count);
    }
  }

  public static void holdsCancelled() {
    HOLDS_CANCELLED.increment();
  }

  public static void seatConflicts() {
    SEAT_CONFLICTS.increment();
  }

  public static void paymentsCompleted() {
    PAYMENTS_COMPLETED.increment();
  }

  public static void idempotentReplays() {
    IDEMPOTENT_REPLAYS.increment();
  }

  public static void outboxPublished(long count) {
    if (count > 0) {
      OUTBOX_PUBLISHED.increment(count);
    }
  }

  public static void outboxPublishFailures() {
    OUTBOX_PUBLISH_FAILURES.increment();
  }

  public static void sweeperRuns() {
    SWEEPER_RUNS.increment();
  }

  public static void queueTokensRestored() {
    QUEUE_TOKENS_RESTORED.increment();
  }

  public static void redisDataLost() {
    REDIS_DATA_LOST.increment();
  }

  public static void placesWithheld(long count) {
    if (count > 0) {
      PLACES_WITHHELD.increment(count);
    }
  }

  public static void placesPutBack(long count) {
    if (count > 0) {
      PLACES_PUT_BACK.increment(count);
    }
  }

  /** Places withheld now, as Postgres last reported them. */
  public static void withheldPlaces(long count) {
    WITHHELD_PLACES.set(count);
  }

  /** The queue's sizes as Redis last reported them (ZCARD of waiting and active). */
  public static void queueSizes(long waiting, long active) {
    WAITING.set(waiting);
    ACTIVE.set(active);
  }

  public static void cancellationRefunds() {
    CANCELLATION_REFUNDS.increment();
  }

  public static void cancellationHoldsEnded(long count) {
    CANCELLATION_HOLDS_ENDED.increment(count);
  }

  /** Paid reservations of dates being cancelled still to refund, as of the job's last round. */
  public static void cancellationRefundsPending(long count) {
    CANCELLATION_REFUNDS_PENDING.set(count);
  }

  /** Seconds the oldest due, still HELD reservation is past its time (the sweeper's lag). */
  public static void oldestDueHoldAge(double seconds) {
    OLDEST_DUE_HOLD_MILLIS.set(Math.round(Math.max(0, seconds) * 1000));
  }

  /**
   * A gauge read from {@code value} at scrape time (e.g. a value cached by a periodic task).
   * Registered once per name: a second registration keeps the first supplier, so register from
   * static state, not from a verticle instance.
   */
  public static void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry());
  }
}
