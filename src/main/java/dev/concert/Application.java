package dev.concert;

import dev.concert.audit.AuditApi;
import dev.concert.audit.AuditVerticle;
import dev.concert.balance.BalanceApi;
import dev.concert.balance.BalanceVerticle;
import dev.concert.balance.LedgerApi;
import dev.concert.buyers.BuyerGuards;
import dev.concert.concert.ConcertApi;
import dev.concert.concert.ConcertListCache;
import dev.concert.concert.ConcertRepository;
import dev.concert.concert.ConcertVerticle;
import dev.concert.concert.DemoData;
import dev.concert.concert.SeatMapCache;
import dev.concert.config.AppConfig;
import dev.concert.config.Role;
import dev.concert.doors.DoorApi;
import dev.concert.doors.DoorVerticle;
import dev.concert.http.HttpFeature;
import dev.concert.http.HttpVerticle;
import dev.concert.http.StreamEvictions;
import dev.concert.infra.Migrations;
import dev.concert.infra.PgClients;
import dev.concert.infra.RedisClients;
import dev.concert.outbox.OutboxRelayVerticle;
import dev.concert.outbox.OutboxStatus;
import dev.concert.payment.PaymentApi;
import dev.concert.payment.PaymentVerticle;
import dev.concert.payment.RefundApi;
import dev.concert.payment.SeatReturnVerticle;
import dev.concert.queue.LineMoves;
import dev.concert.queue.QueueApi;
import dev.concert.queue.QueueTokenGate;
import dev.concert.queue.QueueVerticle;
import dev.concert.reservation.ReservationApi;
import dev.concert.reservation.ReservationVerticle;
import dev.concert.sales.SalesApi;
import dev.concert.sales.SalesConsumerVerticle;
import dev.concert.sales.SalesReportVerticle;
import dev.concert.seats.SeatChanges;
import dev.concert.seats.SeatCopies;
import dev.concert.seats.SeatStreamApi;
import dev.concert.shared.Bus;
import dev.concert.tickets.TicketApi;
import dev.concert.tickets.TicketVerticle;
import dev.concert.trail.TrailApi;
import dev.concert.trail.TrailVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
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
  /** The instance's one subscription to seat changes, for the seat streams and the seat map copies. */
  private SeatChanges seatChanges;
  /** The instance's one subscription to the rooms' line moves, for the queue streams (HTTP only). */
  private LineMoves lineMoves;
  /** The instance's one subscription that ends event streams evicted by a newer one of their token (HTTP only). */
  private StreamEvictions streamEvictions;
  /** This process's copies of seat states and its seat maps rendered from them (concert role only). */
  private SeatCopies seatCopies;
  private SeatMapCache seatMaps;

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
        .compose(seeded -> app.startSeatChanges())
        .compose(changes -> app.startLineMoves())
        .compose(moves -> app.startStreamEvictions())
        // Features first, so that the HTTP edge never forwards to an address nobody serves.
        .compose(changes -> app.deployFeatures())
        .compose(features -> config.runs(Role.HTTP)
            ? vertx.deployVerticle(() -> app.track(new HttpVerticle(config, gates -> QueueTokenGate.create(gates, config),
                    app.httpFeatures(), app.streamEvictions)),
                new DeploymentOptions().setInstances(config.httpInstances())).<Void>mapEmpty()
            : Future.<Void>succeededFuture())
        .onSuccess(started -> LOG.info("instance ready, roles {}{}", config.roles(),
            config.runs(Role.HTTP) ? ", serving on port " + config.httpPort() : ""))
        .map(app);
  }

  /**
   * The seat change subscription, for the seat streams (HTTP) and the seat map copies (concert):
   * one per instance.
   */
  private Future<Void> startSeatChanges() {
    if (!config.runs(Role.HTTP) && !config.runs(Role.CONCERT)) {
      return Future.succeededFuture();
    }
    return SeatChanges.start(vertx, config).compose(changes -> {
      seatChanges = changes;
      return config.runs(Role.CONCERT)
          ? SeatCopies.start(vertx, config, changes).onSuccess(copies -> {
            seatCopies = copies;
            seatMaps = new SeatMapCache(copies);
          }).<Void>mapEmpty()
          : Future.<Void>succeededFuture();
    });
  }

  private Future<Void> startLineMoves() {
    return config.runs(Role.HTTP)
        ? LineMoves.start(vertx, config).onSuccess(moves -> lineMoves = moves).<Void>mapEmpty()
        : Future.succeededFuture();
  }

  private Future<Void> startStreamEvictions() {
    return config.runs(Role.HTTP)
        ? StreamEvictions.start(vertx, config).onSuccess(evictions -> streamEvictions = evictions).<Void>mapEmpty()
        : Future.succeededFuture();
  }

  /**
   * The feature verticles of this instance's roles, one instance of each per event loop, so no
   * feature is bound to a single core. Background work (admission, expiry sweep, seat rebuild)
   * runs in the first instance only.
   */
  private Future<Void> deployFeatures() {
    DeploymentOptions perLoop = new DeploymentOptions().setInstances(config.httpInstances());
    AtomicInteger queue = new AtomicInteger();
    AtomicInteger reservation = new AtomicInteger();
    ConcertListCache concertList = new ConcertListCache();
    List<Future<?>> deployed = new ArrayList<>();
    if (config.runs(Role.CONCERT)) {
      deployed.add(vertx.deployVerticle(() -> new ConcertVerticle(config, concertList, seatMaps), perLoop));
    }
    if (config.runs(Role.QUEUE)) {
      deployed.add(vertx.deployVerticle(() -> new QueueVerticle(config, queue.getAndIncrement() == 0), perLoop));
    }
    if (config.runs(Role.RESERVATION)) {
      deployed.add(vertx.deployVerticle(() -> new ReservationVerticle(config, reservation.getAndIncrement() == 0), perLoop));
    }
    if (config.runs(Role.PAYMENT)) {
      deployed.add(vertx.deployVerticle(() -> new BalanceVerticle(config), perLoop));
      deployed.add(vertx.deployVerticle(() -> new PaymentVerticle(config), perLoop));
      // After the sale, one each per process: light traffic (the door) or a timer.
      deployed.add(vertx.deployVerticle(new SeatReturnVerticle(config)));
      deployed.add(vertx.deployVerticle(new TicketVerticle(config)));
      // Door keys check tickets in: they go with tickets.
      deployed.add(vertx.deployVerticle(new DoorVerticle(config)));
    }
    // One relay and one sales consumer per process, not per loop: both work in serial rounds.
    if (config.runs(Role.RELAY)) {
      deployed.add(vertx.deployVerticle(new OutboxRelayVerticle(config)));
    }
    if (config.runs(Role.SALES)) {
      deployed.add(vertx.deployVerticle(new SalesConsumerVerticle(config)));
      deployed.add(vertx.deployVerticle(new SalesReportVerticle(config)));
    }
    // The operators' trail is read by operators only: light traffic, one per process, with concerts.
    if (config.runs(Role.CONCERT)) {
      deployed.add(vertx.deployVerticle(new TrailVerticle(config)));
    }
    // The audit compares Postgres's reservations with Redis's seats: it goes with reservations.
    if (config.runs(Role.RESERVATION)) {
      deployed.add(vertx.deployVerticle(new AuditVerticle(config)));
    }
    return Future.all(deployed).mapEmpty();
  }

  /** Every feature's operations, served by the HTTP edge whichever instance runs the feature. */
  private List<HttpFeature> httpFeatures() {
    return List.of(
        // First: a check must be in place before its operation is bound.
        (routes, health, v) -> {
          BuyerGuards buyers = BuyerGuards.create(v, config.buyers(), RedisClients.pipelined(v, config));
          routes.check("issueQueueToken", buyers.tokenRequests());
        },
        (routes, health, v) -> health.check("outbox", OutboxStatus.healthCheck(v)),
        (routes, health, v) -> QueueApi.register(routes, v, lineMoves, config.queueAbandonSeconds() * 1000L,
            config.admitIntervalMillis(), config.streams().heartbeatMillis()),
        (routes, health, v) -> ConcertApi.register(routes, v, config.adminKey(), seatMaps),
        (routes, health, v) -> SeatStreamApi.register(routes, v, seatChanges, lineMoves,
            scheduleId -> Bus.requestRendered(v, ConcertVerticle.SEATS,
                new JsonObject().put("scheduleId", scheduleId).put("fromRedis", true)),
            config.streams().heartbeatMillis()),
        (routes, health, v) -> ReservationApi.register(routes, v),
        (routes, health, v) -> BalanceApi.register(routes, v),
        (routes, health, v) -> PaymentApi.register(routes, v),
        (routes, health, v) -> RefundApi.register(routes, v),
        (routes, health, v) -> LedgerApi.register(routes, v),
        (routes, health, v) -> TicketApi.register(routes, v, config.adminKey()),
        (routes, health, v) -> DoorApi.register(routes, v, config.adminKey()),
        (routes, health, v) -> TrailApi.register(routes, v, config.adminKey()),
        (routes, health, v) -> SalesApi.register(routes, v, config.adminKey()),
        (routes, health, v) -> AuditApi.register(routes, v, config.adminKey()));
  }

  private Future<Void> seedDemoData() {
    if (!config.demoData() || !config.runs(Role.CONCERT)) {
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
    return stopSeatChanges().transform(stopped -> vertx.close());
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
        .transform(drained -> stopSeatChanges())
        .transform(stopped -> vertx.close());
  }

  private Future<Void> stopSeatChanges() {
    Future<Void> copies = seatCopies == null ? Future.succeededFuture() : seatCopies.close();
    return copies.transform(closed -> seatChanges == null ? Future.succeededFuture() : seatChanges.close())
        .transform(closed -> lineMoves == null ? Future.succeededFuture() : lineMoves.close())
        .transform(closed -> streamEvictions == null ? Future.succeededFuture() : streamEvictions.close());
  }
}
