package dev.concert.http;

import dev.concert.cluster.ClusterHealth;
import dev.concert.config.AppConfig;
import dev.concert.infra.PgClients;
import dev.concert.infra.RedisClients;
import dev.concert.metrics.MetricsSetup;
import dev.concert.ratelimit.ClientAddress;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The HTTP edge: builds the router from {@code openapi.yaml}, gates and validates each operation,
 * and forwards it to its feature over the event bus. Deployed once per event loop. The features'
 * operations and the token gate are given to it: this package imports no feature.
 */
public final class HttpVerticle extends VerticleBase {
  /** Streams one HTTP/2 connection may have open at once (nginx allows 128, Go 250). */
  public static final int MAX_STREAMS_PER_CONNECTION = 1_000;
  private static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/5.21.0";

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpVerticle.class);

  private final AppConfig config;
  private final Function<Vertx, TokenGate> gates;
  private final List<HttpFeature> features;
  private final StreamEvictions evictions;
  private HttpServer server;
  private HttpServer managementServer;

  /**
   * {@code gates}: this verticle's token gate; {@code features}: their operations, bound in order;
   * {@code evictions}: the instance's one subscription that ends streams a newer one evicted.
   */
  public HttpVerticle(AppConfig config, Function<Vertx, TokenGate> gates, List<HttpFeature> features,
      StreamEvictions evictions) {
    this.config = config;
    this.gates = gates;
    this.features = features;
    this.evictions = evictions;
  }

  @Override
  public Future<?> start() {
    Pool pool = PgClients.pool(vertx, config);
    Redis redis = RedisClients.pipelined(vertx, config);
    TokenGate gate = gates.apply(vertx);
    return ContractLoader.load(vertx)
        .compose(loaded -> {
          OpenAPIContract contract = loaded.contract();
          Buffer contractText = loaded.text();
          RouterBuilder builder = RouterBuilder.create(vertx, contract);
          // The body limit must sit in front of everything: unlimited bodies are a denial of service.
          builder.rootHandler(BodyLimits.of(contract, config.bodyLimitBytes()));
          builder.rootHandler(new RequestLog());
          StreamLimits streams = new StreamLimits(redis, config.streams(), evictions,
              ClientAddress.trusting(config.buyers().trustedProxies()));
          Routes routes = new Routes(builder, new ContractValidator(contract), gate, streams);

          OperatorAccess operators = new OperatorAccess(config.adminKey());
          HealthApi health = new HealthApi(pool, redis);
          health.register(routes, operators);
          routes.open("getContract", ctx -> ctx.response()
              .putHeader("Content-Type", "application/yaml").end(contractText));
          features.forEach(feature -> feature.register(routes, health, vertx));

          Router router = builder.createRouter();
          router.get("/docs").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html").sendFile("web/docs.html"));
          router.get("/docs/*").handler(StaticHandler.create(SWAGGER_UI));
          BuyerPage.mount(router);
          // For operators only (Admin-Key here, or the management port): cluster members and metrics.
          router.get("/health/cluster").handler(operators.required()).handler(ClusterHealth::handle);
          // Prometheus text format; outside the contract (an operations endpoint), see docs/metrics.md.
          MetricsSetup.scrapeHandler(vertx).ifPresent(scrape -> router.get("/metrics").handler(operators.required()).handler(scrape));
          router.route().failureHandler(Problems::failureHandler);
          router.errorHandler(404, ctx -> Problems.send(ctx, ApiException.notFound("No such resource: " + ctx.request().path())));
          router.errorHandler(405, ctx -> Problems.send(ctx,
              new ApiException(ErrorCode.METHOD_NOT_ALLOWED, ctx.request().method() + " is not allowed on " + ctx.request().path())));
          router.errorHandler(500, Problems::failureHandler);
          MetricsSetup.routesServed(vertx, router);

          HttpServerOptions options = new HttpServerOptions()
              .setPort(config.httpPort())
              .setHost(config.httpHost())
              .setTcpNoDelay(true)
              .setMaxInitialLineLength(8192)
              // A connection that sends and receives nothing this long is closed; event streams
              // write a heartbeat well within it (CONCERT_STREAM_HEARTBEAT_SECONDS).
              .setIdleTimeout(config.streams().idleTimeoutSeconds())
              .setIdleTimeoutUnit(TimeUnit.SECONDS)
              // HTTP/2 (h2c) carries many event streams per connection; Vert.x's default allows
              // 2^32-1 at once, so one connection could hold unbounded memory (~10 KB a stream).
              .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(MAX_STREAMS_PER_CONNECTION));
          return vertx.createHttpServer(options).requestHandler(router)
              // Connection-level failures, outside any request: a client's reset is routine (DEBUG).
              .exceptionHandler(failure -> {
                if (Problems.isClientGone(failure)) {
                  LOG.debug("client connection ended: {}", failure.toString());
                } else {
                  LOG.warn("HTTP connection failed: {}", failure.toString());
                }
              })
              .listen()
              .compose(listening -> listenForOperators(health).map(listening));
        })
        .onSuccess(listening -> server = listening);
  }

  /**
   * The management port, when configured: metrics, cluster members and detailed readiness without
   * a key, for a network only operators reach (Prometheus scrapes it; it is never load-balanced).
   */
  private Future<?> listenForOperators(HealthApi health) {
    if (config.managementPort() == 0) {
      return Future.succeededFuture();
    }
    Router management = Router.router(vertx);
    management.get("/health/ready").handler(health::readyWithDetails);
    management.get("/health/cluster").handler(ClusterHealth::handle);
    MetricsSetup.scrapeHandler(vertx).ifPresent(scrape -> management.get("/metrics").handler(scrape));
    MetricsSetup.routesServed(vertx, management);
    return vertx.createHttpServer(new HttpServerOptions().setPort(config.managementPort()).setHost(config.httpHost()))
        .requestHandler(management).listen()
        .onSuccess(listening -> managementServer = listening);
  }

  /**
   * Stops accepting connections and lets the in-flight requests finish (at most
   * {@code graceMillis}); idle keep-alive connections close at once.
   */
  public Future<Void> shutdown(long graceMillis) {
    Future<Void> management = managementServer == null ? Future.succeededFuture() : managementServer.close();
    return server == null ? management : Future.join(management,
        server.shutdown(graceMillis, TimeUnit.MILLISECONDS)).mapEmpty();
  }

  /** The port actually bound (useful when configured as 0). */
  public int port() {
    return server.actualPort();
  }
}
