package dev.concert.metrics;

import dev.concert.config.AppConfig;
import dev.concert.infra.VertxSettings;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Builds the Vert.x instance, with Micrometer metrics when {@code CONCERT_METRICS=true}: one
 * Prometheus registry per Vert.x instance, also added to Micrometer's global registry (where
 * {@link DomainMetrics} records) and taken out of it again when Vert.x closes, so that registries
 * never pile up in a JVM that starts several instances (tests).
 *
 * <p>Cheap on the hot paths by choice: only the HTTP server, event bus and named pools report; the
 * HTTP series are labelled by route template, method and status only (never the raw path, never
 * the remote address); request/response size summaries and socket byte counters are denied; the
 * latency timer alone gets histogram buckets, a short fixed list.
 */
public final class MetricsSetup {
  /** Where HTTP latency buckets end, in seconds: enough to read p50/p95/p99 of a sale. */
  static final double[] LATENCY_BUCKETS_SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
  private static final String LOCAL_MAP = "concert.metrics";

  private MetricsSetup() {}

  /** A Vert.x instance, instrumented or not as {@code config} says. */
  public static Vertx vertx(AppConfig config) {
    return build(config.metrics(), config.eventBusMetrics(), VertxSettings.options(config),
        builder -> Future.succeededFuture(builder.build())).result();
  }

  /**
   * Builds Vert.x through {@code build} (e.g. {@code b -> b.withClusterManager(m).buildClustered()}),
   * with the metrics factory already on the builder when {@code metrics} is true.
   */
  public static Future<Vertx> build(boolean metrics, VertxOptions options, Function<VertxBuilder, Future<Vertx>> build) {
    return build(metrics, false, options, build);
  }

  /**
   * As above; {@code eventBusMetrics} adds Vert.x's event-bus meters, which cost about 6% of the
   * hold storm's throughput (counters and gauges looked up per message, two messages a request).
   */
  public static Future<Vertx> build(
      boolean metrics, boolean eventBusMetrics, VertxOptions options, Function<VertxBuilder, Future<Vertx>> build) {
    if (!metrics) {
      return build.apply(Vertx.builder().with(options));
    }
    PrometheusMeterRegistry registry = registry();
    VertxBuilder builder = Vertx.builder()
        .with(options.setMetricsOptions(options(UUID.randomUUID().toString(), eventBusMetrics)))
        .withMetrics(new MicrometerMetricsFactory(registry));
    return build.apply(builder).onSuccess(vertx -> attach(vertx, registry));
  }

  private static void attach(Vertx vertx, PrometheusMeterRegistry registry) {
    Metrics.globalRegistry.add(registry);
    vertx.sharedData().getLocalMap(LOCAL_MAP).put("registry", new Scrape(registry));
    ((VertxInternal) vertx).addCloseHook(completion -> {
      Metrics.globalRegistry.remove(registry);
      registry.close();
      completion.succeed();
    });
  }

  /** The Prometheus registry of {@code vertx}, if it was built with metrics. */
  public static Optional<PrometheusMeterRegistry> registryOf(Vertx vertx) {
    Object scrape = vertx.sharedData().getLocalMap(LOCAL_MAP).get("registry");
    return scrape instanceof Scrape s ? Optional.of(s.registry()) : Optional.empty();
  }

  /** The {@code GET /metrics} handler (Prometheus text format), if metrics are on. */
  public static Optional<Handler<RoutingContext>> scrapeHandler(Vertx vertx) {
    return registryOf(vertx).map(PrometheusScrapingHandler::create);
  }

  static MicrometerMetricsOptions options(String registryName, boolean eventBusMetrics) {
    MicrometerMetricsOptions options = new MicrometerMetricsOptions()
        .setEnabled(true)
        // Vert.x keeps backends in a static map by name: a unique name per instance keeps
        // two instances in one JVM (tests) from sharing one registry.
        .setRegistryName(registryName)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(false))
        .setJvmMetricsEnabled(true)
        .setNettyMetricsEnabled(false)
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE,
            Label.EB_ADDRESS, Label.EB_SIDE, Label.EB_FAILURE, Label.POOL_TYPE, Label.POOL_NAME))
        // Per-connection and per-query client metrics would cost every Redis and Postgres call.
        .addDisabledMetricsCategory(MetricsDomain.NET_SERVER)
        .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT)
        .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT)
        .addDisabledMetricsCategory(MetricsDomain.DATAGRAM_SOCKET)
        .addDisabledMetricsCategory(MetricsDomain.VERTICLES)
        .addDisabledMetricsCategory("sql")
        .addDisabledMetricsCategory("redis");
    if (!eventBusMetrics) {
      options.addDisabledMetricsCategory(MetricsDomain.EVENT_BUS);
    }
    return options;
  }

  static PrometheusMeterRegistry registry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config()
        .meterFilter(MeterFilter.deny(HttpMeters::denied))
        .meterFilter(HttpMeters.latencyBuckets(LATENCY_BUCKETS_SECONDS));
    return registry;
  }

  /** Wraps the registry so it can sit in the instance's local map (lives and dies with Vert.x). */
  private record Scrape(PrometheusMeterRegistry registry) implements Shareable {}
}
