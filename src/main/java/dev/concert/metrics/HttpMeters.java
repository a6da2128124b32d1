package dev.concert.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.util.Set;

/**
 * Which of the meters Vert.x offers are kept, and how the latency timer is bucketed. Pure
 * Micrometer configuration (no Vert.x), so a unit test can check it.
 */
final class HttpMeters {
  /** The HTTP server latency timer (Micrometer name; Prometheus: vertx_http_server_response_time_seconds). */
  static final String RESPONSE_TIME = "vertx.http.server.response.time";

  /**
   * Size summaries and byte counters: recorded on every request or socket read, read by nobody
   * during a sale. Denied meters turn into no-ops.
   */
  static final Set<String> DENIED = Set.of(
      "vertx.http.server.request.bytes",
      "vertx.http.server.response.bytes",
      "vertx.http.server.bytes.read",
      "vertx.http.server.bytes.written",
      "vertx.eventbus.bytes.read",
      "vertx.eventbus.bytes.written");

  private HttpMeters() {}

  static boolean denied(Meter.Id id) {
    return DENIED.contains(id.getName());
  }

  /** Fixed histogram buckets (seconds) for the HTTP latency timer only; every other meter keeps none. */
  static MeterFilter latencyBuckets(double[] secondsBuckets) {
    double[] nanos = new double[secondsBuckets.length];
    for (int i = 0; i < secondsBuckets.length; i++) {
      nanos[i] = secondsBuckets[i] * 1e9;
    }
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (!RESPONSE_TIME.equals(id.getName())) {
          return config;
        }
        return DistributionStatisticConfig.builder()
            .percentilesHistogram(false)
            .serviceLevelObjectives(nanos)
            .build()
            .merge(config);
      }
    };
  }
}
