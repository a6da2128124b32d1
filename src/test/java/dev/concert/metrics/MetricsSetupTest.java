package dev.concert.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.Wait;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.Test;

/** The global registry gains one registry per instrumented Vert.x and loses it on close: no leak between tests. */
class MetricsSetupTest {

  @Test
  void eachInstanceHasItsOwnRegistryRemovedFromTheGlobalOneOnClose() {
    Vertx first = MetricsSetup.build(true, true, new VertxOptions(), b -> Future.succeededFuture(b.build())).result();
    Vertx second = MetricsSetup.build(true, true, new VertxOptions(), b -> Future.succeededFuture(b.build())).result();
    PrometheusMeterRegistry one = MetricsSetup.registryOf(first).orElseThrow();
    PrometheusMeterRegistry two = MetricsSetup.registryOf(second).orElseThrow();
    assertThat(one).isNotSameAs(two);
    assertThat(Metrics.globalRegistry.getRegistries()).contains(one, two);

    DomainMetrics.seatConflicts();
    assertThat(one.scrape()).contains("concert_seat_conflicts_total 1.0");

    Wait.result(first.close());
    Wait.result(second.close());
    assertThat(Metrics.globalRegistry.getRegistries()).doesNotContain(one, two);
    assertThat(one.isClosed()).isTrue();
  }

  @Test
  void withoutMetricsThereIsNoRegistryAndNoScrapeRoute() {
    Vertx plain = MetricsSetup.build(false, false, new VertxOptions(), b -> Future.succeededFuture(b.build())).result();
    assertThat(MetricsSetup.registryOf(plain)).isEmpty();
    assertThat(MetricsSetup.scrapeHandler(plain)).isEmpty();
    Wait.result(plain.close());
  }

  @Test
  void micrometerKeepsPoolAndJvmMetersWithBoundedLabelsAndNoClientMetrics() {
    var options = MetricsSetup.options("test");
    assertThat(options.getLabels()).containsOnly(io.vertx.micrometer.Label.POOL_TYPE, io.vertx.micrometer.Label.POOL_NAME);
    assertThat(options.getDisabledMetricsCategories()).contains("sql", "redis",
        io.vertx.micrometer.MetricsDomain.NET_CLIENT.toCategory());
    assertThat(options.isJvmMetricsEnabled()).isTrue();
    assertThat(options.getRegistryName()).isEqualTo("test");
  }
}
