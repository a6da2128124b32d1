package dev.concert.queue;

import dev.concert.cluster.ClusterSignals;
import dev.concert.concert.ConcertVerticle;
import dev.concert.config.AppConfig;
import dev.concert.infra.PgClients;
import dev.concert.infra.RedisClients;
import dev.concert.shared.Bus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;

/** The operators' room controls and room reports behind the event bus; one per event loop. */
final class RoomControlsVerticle extends VerticleBase {
  static final String CHANGE = "queue.room-controls.change";
  static final String REPORT = "queue.room-controls.report";

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
    RoomControls controls = new RoomControls(pool, new RoomControlsStore(redis), rooms, new DueRooms(redis));
    return Future.all(
        Bus.serve(vertx, CHANGE, request -> {
          ControlsChange change = ControlsChange.fromJson(request.getJsonObject("change"));
          return controls.change(request.getLong("concertId"), change).onSuccess(changed -> {
            if (change.salesOpenAt() != null) {
              // The concert list shows salesOpenAt: every instance drops its copy.
              ClusterSignals.publish(vertx, ConcertVerticle.CONCERTS_CHANGED,
                  new JsonObject().put("concertId", request.getLong("concertId")));
            }
          });
        }).completion(),
        Bus.serve(vertx, REPORT, request -> controls.report(request.getLong("concertId"))).completion());
  }
}
