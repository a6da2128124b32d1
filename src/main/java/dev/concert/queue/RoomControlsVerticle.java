package dev.concert.queue;

import dev.concert.cluster.ClusterSignals;
import dev.concert.concert.ConcertVerticle;
import dev.concert.config.AppConfig;
import dev.concert.infra.PgClients;
import dev.concert.infra.PgTransactions;
import dev.concert.infra.RedisClients;
import dev.concert.shared.Bus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;

/** The operators' room controls and room reports behind the event bus; one per event loop. */
final class RoomControlsVerticle extends VerticleBase {
  private final AppConfig config;

  RoomControlsVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    Pool pool = PgClients.pool(vertx, config);
    Redis redis = RedisClients.pipelined(vertx, config);
    RoomCatalog rooms = new RoomCatalog(pool, config);
    rooms.refreshEvery(vertx);
    RoomControls controls = new RoomControls(pool, new PgTransactions(vertx, pool, config.deadlines()),
        new RoomControlsStore(redis), rooms, new DueRooms(redis));
    Bus bus = Bus.of(vertx);
    return Future.all(
        // Every instance's caches take the change at once (the concert list drops its copy).
        bus.serve(RoomControlsMessages.CHANGE, request -> controls.change(request.concertId(), request.change())
            .onSuccess(changed -> ClusterSignals.publish(vertx, ConcertVerticle.CONCERTS_CHANGED,
                RoomCatalog.signal(changed)))).completion(),
        bus.serve(RoomControlsMessages.REPORT, request -> controls.report(request.concertId())).completion());
  }
}
