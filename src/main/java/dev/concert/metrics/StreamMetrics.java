package dev.concert.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Server-sent event streams of this instance, by kind ({@code seats}, {@code queue}, {@code room}): how many are
 * open, and how many were dropped because their client stopped reading (its write queue full).
 */
public final class StreamMetrics {
  private final AtomicLong open = new AtomicLong();
  private final Counter dropped;
  private final Timer updateLag;

  public static final StreamMetrics SEATS = new StreamMetrics("seats");
  public static final StreamMetrics QUEUE = new StreamMetrics("queue");
  /** The operators' room streams ({@code GET /admin/concerts/{id}/room/events}). */
  public static final StreamMetrics ROOM = new StreamMetrics("room");

  private StreamMetrics(String kind) {
    Gauge.builder("concert_streams_open", open, AtomicLong::doubleValue).strongReference(true)
        .tag("kind", kind).description("server-sent event streams open on this instance")
        .register(Metrics.globalRegistry);
    dropped = Counter.builder("concert_streams_dropped").tag("kind", kind)
        .description("streams closed because the client stopped reading (write queue full)")
        .register(Metrics.globalRegistry);
    updateLag = Timer.builder("concert_streams_update_lag").tag("kind", kind)
        .description("from a change (Redis's time) to the streams' tick that sends it")
        .publishPercentiles(0.5, 0.99).register(Metrics.globalRegistry);
  }

  public void opened() {
    open.incrementAndGet();
  }

  public void closed() {
    open.decrementAndGet();
  }

  /** How long after a change its streams' tick began. */
  public void updateLag(long millis) {
    updateLag.record(millis, TimeUnit.MILLISECONDS);
  }

  public void dropped() {
    dropped.increment();
  }

  /** Open streams of this kind (in this JVM). */
  public long open() {
    return open.get();
  }
}
