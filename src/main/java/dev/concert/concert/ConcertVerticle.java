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
  /**
   * Published to every instance (cluster-wide) when a concert was created, or its operators changed
   * its room: then with its controls as recorded ({@code concertId, salesOpenAt, salesCloseAt,
   * admitPerSecond, maxActive, paused, controlsVersion}), which the instances' caches take at once
   * (their reload every 400 ms is the fallback for a lost signal).
   */
  public static final String CONCERTS_CHANGED = "concert.changed";

  private final AppConfig config;
  private final ConcertListCache listCache;
  private final SeatMapCache seatMaps;
  private final AvailabilityCache availability;
  private final HallReadCache hallReads;

  /** {@code listCache}, {@code seatMaps}, {@code availability}, {@code hallReads}: one per process, shared by the instances of this verticle. */
  public ConcertVerticle(AppConfig config, ConcertListCache listCache, SeatMapCache seatMaps,
      AvailabilityCache availability, HallReadCache hallReads) {
    this.config = config;
    this.listCache = listCache;
    this.seatMaps = seatMaps;
    this.availability = availability;
    this.hallReads = hallReads;
  }

  @Override
  public Future<?> start() {
    Pool pool = PgClients.pool(vertx, config);
    Redis redis = RedisClients.pipelined(vertx, config);
    ConcertRepository repository = new ConcertRepository(pool);
    ConcertService service = new ConcertService(
        repository, new ScheduleCatalog(repository, VenueCatalog.on(pool)), new RedisSeats(redis), Clock.systemUTC(), seatMaps,
        availability, hallReads);
    Bus bus = Bus.of(vertx);
    return Future.all(java.util.List.of(
        ClusterSignals.subscribe(vertx, CONCERTS_CHANGED, signal -> listCache.invalidate()).completion(),
        bus.serve(ConcertMessages.LIST, request -> listCache.get(service::listConcerts)).completion(),
        bus.serve(ConcertMessages.SCHEDULES, request -> service.bookableSchedules(request.concertId())).completion(),
        bus.serve(ConcertMessages.SEATS, request -> service.seatMap(request.scheduleId(), request.fromRedis(),
            request.section())).completion(),
        bus.serve(ConcertMessages.AVAILABILITY, request -> service.availability(request.scheduleId(),
            request.ifNoneMatch())).completion(),
        bus.serve(ConcertMessages.STREAM_SCOPE, request -> service.streamScope(request.scheduleId(),
            request.section())).completion(),
        bus.serve(ConcertMessages.SECTIONS, request -> service.sections(request.scheduleId(), request.fromRedis())).completion(),
        bus.serve(ConcertMessages.CREATE, request -> service.create(request).onSuccess(created -> {
          // This instance forgets at once (the creator's next read sees it), the others on the signal.
          listCache.invalidate();
          ClusterSignals.publish(vertx, CONCERTS_CHANGED, new JsonObject().put("concertId", created.getValue("concertId")));
        })).completion()));
  }
}
