package dev.concert.concert;

import dev.concert.config.AppConfig;
import dev.concert.infra.PgClients;
import dev.concert.infra.RedisClients;
import dev.concert.shared.Bus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Serves concert, schedule and seat-map reads and concert creation on the event bus. */
public final class ConcertVerticle extends VerticleBase {
  public static final String LIST = "concert.list";
  public static final String SCHEDULES = "concert.schedules";
  public static final String SEATS = "concert.seats";
  public static final String CREATE = "concert.create";

  private final AppConfig config;

  public ConcertVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    Pool pool = PgClients.pool(vertx, config);
    Redis redis = RedisClients.pipelined(vertx, config);
    ConcertRepository repository = new ConcertRepository(pool);
    ConcertService service = new ConcertService(
        repository, new ScheduleCatalog(repository), new SeatInventory(redis), Clock.systemUTC());
    return Future.all(
        Bus.serve(vertx, LIST, request -> service.listConcerts()).completion(),
        Bus.serve(vertx, SCHEDULES, request -> service.bookableSchedules(request.getLong("concertId"))).completion(),
        Bus.serveRendered(vertx, SEATS, request -> service.seatMap(request.getLong("scheduleId"))).completion(),
        Bus.serve(vertx, CREATE, request -> service.create(NewConcert.fromJson(request))).completion());
  }
}
