package dev.concert.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;

/** A fresh Prometheus registry per test, closed afterwards, read back as {@link PrometheusText}. */
abstract class RegistryFixture {
  protected final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @AfterEach
  void closeRegistry() {
    registry.close();
  }

  protected PrometheusText scrape() {
    return PrometheusText.parse(registry.scrape());
  }
}
