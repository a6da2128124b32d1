package dev.concert.audit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last audit's findings as gauges: {@code concert_audit_discrepancies{check}} and the time of
 * the run. Shared state (every instance audits the same data): take max over instances.
 */
final class AuditMetrics {
  private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();
  private static final AtomicLong LAST_RUN_SECONDS = new AtomicLong();

  static {
    Gauge.builder("concert_audit_last_run_timestamp_seconds", LAST_RUN_SECONDS, AtomicLong::doubleValue)
        .strongReference(true).description("when the last audit ran (epoch seconds)").register(Metrics.globalRegistry);
  }

  private AuditMetrics() {}

  static void record(String check, long count) {
    COUNTS.computeIfAbsent(check, name -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder("concert_audit_discrepancies", value, AtomicLong::doubleValue).strongReference(true)
          .tag("check", name).description("discrepancies the last audit found, by check")
          .register(Metrics.globalRegistry);
      return value;
    }).set(count);
  }

  static void ran(long epochSeconds) {
    LAST_RUN_SECONDS.set(epochSeconds);
  }
}
