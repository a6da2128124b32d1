package dev.concert.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpServerMetersTest extends RegistryFixture {
  private final HttpServerMeters meters = new HttpServerMeters(registry);

  {
    meters.knowRoutes(java.util.List.of("/api/v1/holds", "/x"));
  }

  @Test
  void madeUpMethodsAndUnknownTemplatesAreOneOtherSeries() {
    for (int i = 0; i < 100; i++) {
      meters.answered("/made/up/" + i, HttpServerMeters.methodLabel("MADEUP" + i), 405, 1);
    }
    meters.answered("", HttpServerMeters.methodLabel("GET"), 404, 1);
    PrometheusText text = scrape();
    assertThat(text.sum("vertx_http_server_requests_total", "route=\"other\"", "method=\"other\"")).isEqualTo(100.0);
    assertThat(text.sum("vertx_http_server_requests_total", "route=\"\"", "method=\"GET\"")).isEqualTo(1.0);
    assertThat(text.series().keySet().stream().filter(s -> s.startsWith("vertx_http_server_requests_total"))).hasSize(2);
    assertThat(HttpServerMeters.methodLabel("PATCH")).isEqualTo("PATCH");
  }

  @Test
  void answersAreCountedAndTimedPerRouteMethodAndStatus() {
    meters.answered("/api/v1/holds", "POST", 201, Duration.ofMillis(30).toNanos());
    meters.answered("/api/v1/holds", "POST", 201, Duration.ofMillis(3).toNanos());
    meters.answered("/api/v1/holds", "POST", 409, Duration.ofMillis(3).toNanos());

    PrometheusText text = scrape();
    assertThat(text.sum("vertx_http_server_requests_total", "route=\"/api/v1/holds\"", "method=\"POST\"", "code=\"201\""))
        .isEqualTo(2.0);
    assertThat(text.sum("vertx_http_server_requests_total", "code=\"409\"")).isEqualTo(1.0);
    assertThat(text.sum("vertx_http_server_response_time_seconds_bucket", "code=\"201\"", "le=\"0.005\""))
        .isEqualTo(1.0);
    assertThat(text.sum("vertx_http_server_response_time_seconds_bucket", "code=\"201\"", "le=\"0.05\""))
        .isEqualTo(2.0);
  }

  @Test
  void theLatencyTimerHasTheFixedBucketsOnly() {
    meters.answered("/x", "GET", 200, 1);
    long buckets = registry.scrape().lines()
        .filter(line -> line.startsWith("vertx_http_server_response_time_seconds_bucket")).count();
    assertThat(buckets).isEqualTo(HttpServerMeters.LATENCY_BUCKETS_SECONDS.length + 1); // + Inf
  }

  @Test
  void activeRequestsAndConnectionsAreGaugesPerMethod() {
    meters.active("GET").increment();
    meters.active("GET").increment();
    meters.active("POST").increment();
    meters.connections().increment();

    PrometheusText text = scrape();
    assertThat(text.sum("vertx_http_server_active_requests", "method=\"GET\"")).isEqualTo(2.0);
    assertThat(text.sum("vertx_http_server_active_requests", "method=\"POST\"")).isEqualTo(1.0);
    assertThat(text.value("vertx_http_server_active_connections")).isEqualTo(1.0);
  }

  @Test
  void aRequestEndsOnceWhetherAnsweredOrReset() {
    RouteHttpServerMetrics.Request request = new RouteHttpServerMetrics.Request("GET", meters.active("GET"));
    assertThat(meters.active("GET").sum()).isEqualTo(1);
    assertThat(request.finish()).isTrue();
    assertThat(request.finish()).isFalse();
    assertThat(meters.active("GET").sum()).isZero();
  }

  @Test
  void resetsAreCountedPerMethod() {
    meters.reset("PUT");
    assertThat(scrape().sum("vertx_http_server_request_resets_total", "method=\"PUT\"")).isEqualTo(1.0);
  }

  @Test
  void noSizeSummariesOrByteCounters() {
    meters.answered("/x", "GET", 200, 1);
    assertThat(registry.scrape()).doesNotContain("bytes");
  }
}
