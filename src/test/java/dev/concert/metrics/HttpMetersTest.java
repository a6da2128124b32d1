package dev.concert.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpMetersTest {

  @Test
  void sizeSummariesAreDeniedAndRecordNothing() {
    PrometheusMeterRegistry registry = MetricsSetup.registry();
    DistributionSummary.builder("vertx.http.server.response.bytes").register(registry).record(512);
    DistributionSummary.builder("vertx.http.server.request.bytes").register(registry).record(64);
    assertThat(registry.scrape()).doesNotContain("response_bytes", "request_bytes");
    registry.close();
  }

  @Test
  void onlyTheLatencyTimerHasBuckets() {
    PrometheusMeterRegistry registry = MetricsSetup.registry();
    Timer.builder(HttpMeters.RESPONSE_TIME).tag("route", "/x").register(registry).record(Duration.ofMillis(30));
    Timer.builder("vertx.pool.usage").register(registry).record(Duration.ofMillis(30));
    String text = registry.scrape();
    assertThat(text).contains("vertx_http_server_response_time_seconds_bucket{route=\"/x\",le=\"0.05\"} 1");
    assertThat(text).contains("vertx_http_server_response_time_seconds_bucket{route=\"/x\",le=\"0.025\"} 0");
    assertThat(text.lines().filter(l -> l.startsWith("vertx_http_server_response_time_seconds_bucket")).count())
        .isEqualTo(MetricsSetup.LATENCY_BUCKETS_SECONDS.length + 1);
    assertThat(text).doesNotContain("vertx_pool_usage_seconds_bucket");
    registry.close();
  }

  @Test
  void optionsKeepLabelsBoundedAndClientMetricsOff() {
    var options = MetricsSetup.options("test", true);
    assertThat(options.getLabels()).doesNotContain(io.vertx.micrometer.Label.HTTP_PATH,
        io.vertx.micrometer.Label.REMOTE, io.vertx.micrometer.Label.LOCAL);
    assertThat(options.getLabels()).contains(io.vertx.micrometer.Label.HTTP_ROUTE, io.vertx.micrometer.Label.HTTP_CODE);
    assertThat(options.getDisabledMetricsCategories()).contains("sql", "redis",
        io.vertx.micrometer.MetricsDomain.NET_CLIENT.toCategory());
    assertThat(options.getRegistryName()).isEqualTo("test");
  }
}
