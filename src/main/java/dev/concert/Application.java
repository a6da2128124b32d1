package dev.concert;

import dev.concert.concert.ConcertListCache;
import dev.concert.concert.ConcertRepository;
import dev.concert.concert.ConcertVerticle;
import dev.concert.concert.DemoData;
import dev.concert.config.AppConfig;
import dev.concert.http.HttpVerticle;
import dev.concert.infra.Migrations;
import dev.concert.infra.PgClients;
import dev.concert.outbox.OutboxRelayVerticle;
import dev.concert.audit.AuditVerticle;
import dev.concert.payment.PaymentVerticle;
import dev.concert.payment.SeatReturnVerticle;
import dev.concert.sales.SalesReportVerticle;
import dev.concert.tickets.TicketVerticle;
import dev.concert.queue.QueueVerticle;
import dev.concert.reservation.ReservationVerticle;
import dev.concert.sales.SalesConsumerVerticle;
import dev.concert.shared.Bus;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running instance: migrates the schema, seeds demo data, deploys the verticles. */
public final class Application {
  private static final Logger LOG = LoggerFactory.getLogger(Application.class);

  private final Vertx vertx;
  private final AppConfig config;
  /** The HTTP verticles, so that a shutdown can stop them taking requests first. */
  private final List<HttpVerticle> httpVerticles = new CopyOnWriteArrayList<>();

  private Application(Vertx vertx, AppConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  public static Future<Application> start(Vertx vertx, AppConfig config) {
    config.warnAboutDevelopmentDefaults();
    Bus.install(vertx, config.deadlines());
    Application app = new Application(vertx, config);
    return vertx.executeBlocking(() -> Migrations.apply(PgClients.connectOptions(config)))
        .compose(migrated -> app.seedDemoData())
        // Features first, so that the HTTP edge never forwards to an address nobody serves.
        .compose(seeded -> app.deployFeatures())
        .compose(features -> vertx.deployVerticle(
            () -> app.track(new HttpVerticle(config)), new DeploymentOptions().setInstances(config.httpInstances())))
        .onSuccess(http -> LOG.info("serving on port {}", config.httpPort()))
        .map(app);
  }

  /**
   * One instance of each feature verticle per event loop, so no feature is bound to a single
   * core. Background work (admission, expiry sweep, seat rebuild) runs in the first instance only.
   */
  private Future<Void> deployFeatures() {
    DeploymentOptions perLoop = new DeploymentOptions().setInstances(config.httpInstances());
    AtomicInteger queue = new AtomicInteger();
    AtomicInteger reservation = new AtomicInteger();
    ConcertListCache concertList = new ConcertListCache();
    return Future.all(List.of(
        vertx.deployVerticle(() -> new ConcertVerticle(config, concertList), perLoop),
        vertx.deployVerticle(() -> new QueueVerticle(config, queue.getAndIncrement() == 0), perLoop),
        vertx.deployVerticle(() -> new ReservationVerticle(config, reservation.getAndIncrement() == 0), perLoop),
        vertx.deployVerticle(() -> new PaymentVerticle(config), perLoop),
        // One relay and one sales consumer per process, not per loop: both work in serial rounds.
        vertx.deployVerticle(new OutboxRelayVerticle(config)),
        vertx.deployVerticle(new SalesConsumerVerticle(config)),
        // After the sale, one each per process: light traffic (the door, administration) or a timer.
        vertx.deployVerticle(new SeatReturnVerticle(config)),
        vertx.deployVerticle(new TicketVerticle(config)),
        vertx.deployVerticle(new SalesReportVerticle(config)),
        vertx.deployVerticle(new AuditVerticle(config)))).mapEmpty();
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

  private HttpVerticle track(HttpVerticle verticle) {
    httpVerticles.add(verticle);
    return verticle;
  }

  /**
   * The graceful way out: every HTTP server stops accepting and finishes its in-flight requests
   * (at most {@code graceMillis}) while the features still answer them; then Vert.x closes, which
   * undeploys the features and leaves the cluster.
   */
  public Future<Void> shutdown(long graceMillis) {
    return Future.join(httpVerticles.stream().map(http -> http.shutdown(graceMillis)).toList())
        .transform(drained -> vertx.close());
  }
}
