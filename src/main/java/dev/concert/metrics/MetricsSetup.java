package dev.concert.metrics;

import dev.concert.config.AppConfig;
import dev.concert.infra.VertxSettings;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.EnumSet;
import java.util.Objects;
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
 * HTTP server and event-bus series are recorded by {@link ConcertVertxMetrics} into meters
 * registered once (labelled by route template, method and status, never the raw path or the remote
 * address; no size summaries or byte counters); the latency timer alone gets histogram buckets, a
 * short fixed list.
 */
public final class MetricsSetup {
  private static final String LOCAL_MAP = "concert.metrics";

  private MetricsSetup() {}

  /** A Vert.x instance, instrumented or not as {@code config} says. */
  public static Vertx vertx(AppConfig config) {
    return build(config.metrics(), config.eventBusMetrics(), VertxSettings.options(config),
        builder -> Future.succeededFuture(builder.build())).result();
  }

  /**
   * Builds Vert.x through {@code build} (e.g. {@code b -> b.withClusterManager(m).buildClustered()}),
   * with the metrics factory already on the builder when {@code metrics} is true;
   * {@code eventBusMetrics} adds the event-bus meters (per feature address).
   */
  public static Future<Vertx> build(
      boolean metrics, boolean eventBusMetrics, VertxOptions options, Function<VertxBuilder, Future<Vertx>> build) {
    if (!metrics) {
      return build.apply(Vertx.builder().with(options));
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    VertxBuilder builder = Vertx.builder()
        .with(options.setMetricsOptions(options(UUID.randomUUID().toString())))
        .withMetrics(ConcertVertxMetrics.factory(registry, eventBusMetrics));
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

  /**
   * Declares the route templates of {@code router}: only these (and the standard methods) become
   * HTTP label values, anything else is labelled {@code other}, so that no request adds a series.
   * Call once the router has all its routes; a no-op without metrics.
   */
  public static void routesServed(Vertx vertx, Router router) {
    if (((VertxInternal) vertx).metrics() instanceof ConcertVertxMetrics metrics) {
      metrics.http().knowRoutes(router.getRoutes().stream().map(Route::getName).filter(Objects::nonNull).toList());
    }
  }

  /** vertx-micrometer's options: they govern the pool and JVM meters it still records. */
  static MicrometerMetricsOptions options(String registryName) {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        // Vert.x keeps backends in a static map by name: a unique name per instance keeps
        // two instances in one JVM (tests) from sharing one registry.
        .setRegistryName(registryName)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(false))
        .setJvmMetricsEnabled(true)
        .setNettyMetricsEnabled(false)
        .setLabels(EnumSet.of(Label.POOL_TYPE, Label.POOL_NAME))
        // Per-connection and per-query client metrics would cost every Redis and Postgres call.
        .addDisabledMetricsCategory(MetricsDomain.NET_SERVER)
        .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT)
        .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT)
        .addDisabledMetricsCategory(MetricsDomain.DATAGRAM_SOCKET)
        .addDisabledMetricsCategory(MetricsDomain.VERTICLES)
        .addDisabledMetricsCategory("sql")
        .addDisabledMetricsCategory("redis");
  }

  /** Wraps the registry so it can sit in the instance's local map (lives and dies with Vert.x). */
  private record Scrape(PrometheusMeterRegistry registry) implements Shareable {}
}
