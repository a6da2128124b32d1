package dev.concert.concert;

import dev.concert.app.FeatureModule;
import dev.concert.config.AppConfig;
import dev.concert.config.Role;
import dev.concert.http.HealthApi;
import dev.concert.http.Routes;
import dev.concert.http.TokenEnds;
import dev.concert.infra.PgClients;
import dev.concert.seats.SeatChanges;
import dev.concert.seats.SeatCopies;
import dev.concert.seats.SeatStreamApi;
import dev.concert.seats.SeatStreamSource;
import dev.concert.seats.StreamScope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import dev.concert.shared.Bus;
import dev.concert.venues.VenueRepository;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * Concerts, schedules and seat maps, and the seat streams that follow a schedule's map. Opens the
 * instance's one subscription to seat changes (for the seat streams on HTTP instances, for the seat
 * map copies on concert instances) and, with the concert role, the demo data and the copies.
 */
public final class ConcertModule implements FeatureModule {
  private final AppConfig config;
  private final Supplier<? extends TokenEnds> tokenEnds;
  /** One per process, shared by the instances of the concert verticle. */
  private final ConcertListCache concertList = new ConcertListCache();
  private SeatChanges seatChanges;
  private SeatCopies seatCopies;
  private SeatMapCache seatMaps;
  private AvailabilityCache availability;
  private HallReadCache hallReads;

  /** {@code tokenEnds}: tells when a queue token ends, once the modules are open (a seat stream ends with it). */
  public ConcertModule(AppConfig config, Supplier<? extends TokenEnds> tokenEnds) {
    this.config = config;
    this.tokenEnds = tokenEnds;
  }

  @Override
  public Role role() {
    return Role.CONCERT;
  }

  @Override
  public Future<Void> open(Vertx vertx) {
    return seedDemoData(vertx).compose(seeded -> {
      if (!config.runs(Role.HTTP) && !config.runs(Role.CONCERT)) {
        return Future.succeededFuture();
      }
      return SeatChanges.start(vertx, config).compose(changes -> {
        seatChanges = changes;
        return config.runs(Role.CONCERT)
            ? SeatCopies.start(vertx, config, changes).onSuccess(copies -> {
              seatCopies = copies;
              seatMaps = new SeatMapCache(copies);
              availability = new AvailabilityCache(copies);
              hallReads = new HallReadCache(copies);
            }).<Void>mapEmpty()
            : Future.<Void>succeededFuture();
      });
    });
  }

  private Future<Void> seedDemoData(Vertx vertx) {
    if (!config.demoData() || !config.runs(Role.CONCERT)) {
      return Future.succeededFuture();
    }
    Pool pool = PgClients.pool(vertx, config);
    return DemoData.ensure(new ConcertRepository(pool), new VenueRepository(pool), Clock.systemUTC(),
        config.seatsPerSchedule())
        .eventually(pool::close);
  }

  @Override
  public Future<Void> close() {
    Future<Void> copies = seatCopies == null ? Future.succeededFuture() : seatCopies.close();
    return copies.transform(closed -> seatChanges == null ? Future.succeededFuture() : seatChanges.close());
  }

  @Override
  public List<Supplier<Deployable>> perEventLoop() {
    return List.of(() -> new ConcertVerticle(config, concertList, seatMaps, availability, hallReads));
  }

  @Override
  public void routes(Routes routes, HealthApi health, Vertx vertx) {
    ConcertApi.register(routes, vertx, config.adminKey(), seatMaps, availability, hallReads);
    Bus bus = Bus.of(vertx);
    SeatStreamApi.register(routes, vertx, seatChanges, tokenEnds.get(), new SeatStreamSource() {
      @Override
      public Future<StreamScope> scope(long scheduleId, Long sectionId) {
        return bus.request(ConcertMessages.STREAM_SCOPE, new ConcertMessages.StreamScopeOf(scheduleId, sectionId));
      }

      @Override
      public Future<Buffer> seatMap(long scheduleId, Long sectionId) {
        return bus.request(ConcertMessages.SEATS, new ConcertMessages.SeatMap(scheduleId, true, sectionId));
      }

      @Override
      public Future<JsonObject> sections(long scheduleId) {
        return bus.request(ConcertMessages.SECTIONS, new ConcertMessages.Sections(scheduleId, true));
      }
    }, config.streams().heartbeatMillis());
  }
}
