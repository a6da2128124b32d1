package dev.concert.concert;

import dev.concert.cluster.ClusterSignals;
import dev.concert.config.AppConfig;
import dev.concert.infra.PgClients;
import dev.concert.infra.RedisClients;
import dev.concert.seats.RedisSeats;
import dev.concert.shared.Bus;
import dev.concert.venues.VenueCatalog;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Serves concert, schedule and seat-map reads and concert creation on the event bus. */
public final class ConcertVerticle extends VerticleBase {
  public static final String LIST = "concert.list";
  public static final String SCHEDULES = "concert.schedules";
  public static final String SEATS = "concert.seats";
  public static final String SECTIONS = "concert.sections";
  public static final String CREATE = "concert.create";
  /** Published to every instance (cluster-wide) when a concert was created. */
  public static final String CONCERTS_CHANGED = "concert.changed";

  private final AppConfig config;
  private final ConcertListCache listCache;
  private final SeatMapCache seatMaps;

  /** {@code listCache}, {@code seatMaps}: one per process, shared by the instances of this verticle. */
  public ConcertVerticle(AppConfig config, ConcertListCache listCache, SeatMapCache seatMaps) {
    this.config = config;
    this.listCache = listCache;
    this.seatMaps = seatMaps;
  }

  @Override
  public Future<?> start() {
    Pool pool = PgClients.pool(vertx, config);
    Redis redis = RedisClients.pipelined(vertx, config);
    ConcertRepository repository = new ConcertRepository(pool);
    ConcertService service = new ConcertService(
        repository, new ScheduleCatalog(repository, VenueCatalog.on(pool)), new RedisSeats(redis), Clock.systemUTC(), seatMaps);
    return Future.all(
        ClusterSignals.subscribe(vertx, CONCERTS_CHANGED, signal -> listCache.invalidate()).completion(),
        Bus.serve(vertx, LIST, request -> listCache.get(service::listConcerts)).completion(),
        Bus.serve(vertx, SCHEDULES, request -> service.bookableSchedules(request.getLong("concertId"))).completion(),
        Bus.serveRendered(vertx, SEATS, request -> service.seatMap(request.getLong("scheduleId"),
            Boolean.TRUE.equals(request.getBoolean("fromRedis")), request.getLong("section"))).completion(),
        Bus.serve(vertx, SECTIONS, request -> service.sections(request.getLong("scheduleId"))).completion(),
        Bus.serve(vertx, CREATE, request -> service.create(NewConcert.fromJson(request)).onSuccess(created -> {
          // This instance forgets at once (the creator's next read sees it), the others on the signal.
          listCache.invalidate();
          ClusterSignals.publish(vertx, CONCERTS_CHANGED, new JsonObject().put("concertId", created.getValue("concertId")));
        })).completion());
  }
}
