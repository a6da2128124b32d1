package dev.concert.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.function.Supplier;

/**
 * The domain counters and gauges an operator watches during a sale. Features call these methods;
 * they record into Micrometer's global registry, which is a no-op until the metrics set-up adds a
 * real registry (CONCERT_METRICS=false leaves it so). Per instance; sum over instances.
 */
public final class DomainMetrics {
  private DomainMetrics() {}

  private static MeterRegistry registry() {
    return Metrics.globalRegistry;
  }

  private static Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry());
  }

  public static void tokensIssued() {
    counter("concert_queue_tokens_issued", "queue tokens newly issued").increment();
  }

  public static void admitted(long count) {
    if (count > 0) {
      counter("concert_queue_admitted", "waiting tokens admitted to ACTIVE").increment(count);
    }
  }

  public static void holdsCreated() {
    counter("concert_holds_created", "seat holds created").increment();
  }

  public static void holdsExpired(long count) {
    if (count > 0) {
      counter("concert_holds_expired", "seat holds expired by the sweeper").increment(count);
    }
  }

  public static void holdsCancelled() {
    counter("concert_holds_cancelled", "seat holds cancelled by their owner").increment();
  }

  public static void seatConflicts() {
    counter("concert_seat_conflicts", "hold attempts refused with 409 SEAT_UNAVAILABLE").increment();
  }

  public static void paymentsCompleted() {
    counter("concert_payments_completed", "payments that succeeded").increment();
  }

  public static void idempotentReplays() {
    counter("concert_idempotent_replays", "requests answered from a stored Idempotency-Key result").increment();
  }

  public static void outboxPublished(long count) {
    if (count > 0) {
      counter("concert_outbox_published", "outbox events published to Kafka").increment(count);
    }
  }

  public static void outboxPublishFailures() {
    counter("concert_outbox_publish_failures", "outbox relay rounds that failed to publish").increment();
  }

  public static void sweeperRuns() {
    counter("concert_sweeper_runs", "expiry sweeper rounds").increment();
  }

  /** A gauge read from {@code value} at scrape time (e.g. a value cached by a periodic task). */
  public static void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry());
  }
}
