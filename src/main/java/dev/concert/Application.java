package dev.concert;

import dev.concert.concert.ConcertRepository;
import dev.concert.concert.ConcertVerticle;
import dev.concert.concert.DemoData;
import dev.concert.config.AppConfig;
import dev.concert.http.HttpVerticle;
import dev.concert.infra.Migrations;
import dev.concert.infra.PgClients;
import dev.concert.payment.PaymentVerticle;
import dev.concert.queue.QueueVerticle;
import dev.concert.reservation.ReservationVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running instance: migrates the schema, seeds demo data, deploys the verticles. */
public final class Application {
  private static final Logger LOG = LoggerFactory.getLogger(Application.class);

  private final Vertx vertx;
  private final AppConfig config;

  private Application(Vertx vertx, AppConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  public static Future<Application> start(Vertx vertx, AppConfig config) {
    config.warnAboutDevelopmentDefaults();
    Application app = new Application(vertx, config);
    return vertx.executeBlocking(() -> Migrations.apply(PgClients.connectOptions(config)))
        .compose(migrated -> app.seedDemoData())
        // Features first, so that the HTTP edge never forwards to an address nobody serves.
        .compose(seeded -> Future.all(
            vertx.deployVerticle(() -> new ConcertVerticle(config), new DeploymentOptions()),
            vertx.deployVerticle(() -> new QueueVerticle(config), new DeploymentOptions()),
            vertx.deployVerticle(() -> new ReservationVerticle(config), new DeploymentOptions()),
            vertx.deployVerticle(() -> new PaymentVerticle(config), new DeploymentOptions())))
        .compose(features -> vertx.deployVerticle(
            () -> new HttpVerticle(config), new DeploymentOptions().setInstances(config.httpInstances())))
        .onSuccess(http -> LOG.info("serving on port {}", config.httpPort()))
        .map(app);
  }

  private Future<Void> seedDemoData() {
    if (!config.demoData()) {
      return Future.succeededFuture();
    }
    Pool pool = PgClients.pool(vertx, config);
    return DemoData.ensure(new ConcertRepository(pool), Clock.systemUTC(), config.seatsPerSchedule())
        .eventually(pool::close);
  }

  public Vertx vertx() {
    return vertx;
  }

  public AppConfig config() {
    return config;
  }

  public Future<Void> stop() {
    return vertx.close();
  }
}
