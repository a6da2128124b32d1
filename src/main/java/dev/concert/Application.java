package dev.concert;

import dev.concert.app.FeatureModule;
import dev.concert.app.Modules;
import dev.concert.audit.AuditModule;
import dev.concert.balance.BalanceModule;
import dev.concert.buyers.BuyersModule;
import dev.concert.cancellation.CancellationModule;
import dev.concert.concert.ConcertModule;
import dev.concert.config.AppConfig;
import dev.concert.config.Role;
import dev.concert.doors.DoorModule;
import dev.concert.http.HttpVerticle;
import dev.concert.http.StreamEvictions;
import dev.concert.infra.Migrations;
import dev.concert.infra.PgClients;
import dev.concert.outbox.OutboxModule;
import dev.concert.payment.PaymentModule;
import dev.concert.queue.QueueModule;
import dev.concert.queue.QueueTokenGate;
import dev.concert.reservation.ReservationModule;
import dev.concert.sales.SalesModule;
import dev.concert.shared.Bus;
import dev.concert.tickets.TicketModule;
import dev.concert.trail.TrailModule;
import dev.concert.venues.VenuesModule;
import dev.concert.withheld.WithheldModule;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance: migrates the schema, opens and deploys the feature modules of its roles,
 * then the HTTP edge in front of them.
 */
public final class Application {
  private static final Logger LOG = LoggerFactory.getLogger(Application.class);

  private final Vertx vertx;
  private final AppConfig config;
  private final Modules modules;
  /** The HTTP verticles, so that a shutdown can stop them taking requests first. */
  private final List<HttpVerticle> httpVerticles = new CopyOnWriteArrayList<>();
  /** The instance's one subscription that ends event streams evicted by a newer one of their token (HTTP only). */
  private StreamEvictions streamEvictions;

  private Application(Vertx vertx, AppConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.modules = new Modules(modules(config), config);
  }

  /**
   * Every feature of the service, one module each (its package says what it deploys and binds). A
   * new feature adds its module here; the order is the order their resources open in.
   */
  static List<FeatureModule> modules(AppConfig config) {
    QueueModule queue = new QueueModule(config);
    return List.of(
        new BuyersModule(config),
        new OutboxModule(config),
        queue,
        // The seat streams end with their queue token: they watch the queue's line moves.
        new ConcertModule(config, queue::lineMoves),
        new VenuesModule(config),
        new ReservationModule(config),
        new BalanceModule(config),
        new PaymentModule(config),
        new TicketModule(config),
        new DoorModule(config),
        new WithheldModule(config),
        new CancellationModule(config),
        new TrailModule(config),
        new SalesModule(config),
        new AuditModule(config));
  }

  public static Future<Application> start(Vertx vertx, AppConfig config) {
    config.warnAboutDevelopmentDefaults();
    Bus.install(vertx, config.deadlines());
    Application app = new Application(vertx, config);
    return vertx.executeBlocking(() -> Migrations.apply(PgClients.connectOptions(config)))
        .compose(migrated -> app.modules.open(vertx))
        .compose(opened -> app.startStreamEvictions())
        // Features first, so that the HTTP edge never forwards to an address nobody serves.
        .compose(opened -> app.modules.deploy(vertx))
        .compose(features -> config.runs(Role.HTTP)
            ? vertx.deployVerticle(() -> app.track(new HttpVerticle(config, gates -> QueueTokenGate.create(gates, config),
                    app.modules.httpFeatures(), app.streamEvictions)),
                new DeploymentOptions().setInstances(config.httpInstances())).<Void>mapEmpty()
            : Future.<Void>succeededFuture())
        .onSuccess(started -> LOG.info("instance ready, roles {}{}", config.roles(),
            config.runs(Role.HTTP) ? ", serving on port " + config.httpPort() : ""))
        .map(app);
  }

  private Future<Void> startStreamEvictions() {
    return config.runs(Role.HTTP)
        ? StreamEvictions.start(vertx, config).onSuccess(evictions -> streamEvictions = evictions).<Void>mapEmpty()
        : Future.succeededFuture();
  }

  public Vertx vertx() {
    return vertx;
  }

  public AppConfig config() {
    return config;
  }

  public Future<Void> stop() {
    return closeResources().transform(stopped -> vertx.close());
  }

  private HttpVerticle track(HttpVerticle verticle) {
    httpVerticles.add(verticle);
    return verticle;
  }

  /**
   * The graceful way out: every HTTP server stops accepting and finishes its in-flight requests
   * (at most {@code graceMillis}) while the features still answer them; then the modules'
   * subscriptions close; then Vert.x closes, which undeploys the features and leaves the cluster.
   */
  public Future<Void> shutdown(long graceMillis) {
    return Future.join(httpVerticles.stream().map(http -> http.shutdown(graceMillis)).toList())
        .transform(drained -> closeResources())
        .transform(stopped -> vertx.close());
  }

  private Future<Void> closeResources() {
    return modules.close()
        .transform(closed -> streamEvictions == null ? Future.succeededFuture() : streamEvictions.close());
  }
}
