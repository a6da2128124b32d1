package dev.concert.queue;

import dev.concert.concert.ConcertApi;
import dev.concert.http.Replies;
import dev.concert.http.Routes;
import dev.concert.shared.Bus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** The operators' room operations: change the controls, read the room, stream it (all Admin-Key). */
public final class RoomControlsApi {
  private RoomControlsApi() {}

  public static void register(Routes routes, Vertx vertx, Optional<String> adminKey, long heartbeatMillis) {
    routes.guarded("changeConcertControls", ConcertApi.adminKeyCheck(adminKey), Replies.forward(vertx,
        RoomControlsVerticle.CHANGE, 200, ctx -> new JsonObject().put("concertId", concertId(ctx))
            .put("change", ControlsChange.fromJson(Replies.body(ctx)).toJson())));
    routes.guarded("getConcertRoom", ConcertApi.adminKeyCheck(adminKey), Replies.forward(vertx,
        RoomControlsVerticle.REPORT, 200, ctx -> new JsonObject().put("concertId", concertId(ctx))));
    RoomStreams streams = new RoomStreams(vertx, heartbeatMillis);
    routes.guarded("watchConcertRoom", ConcertApi.adminKeyCheck(adminKey), ctx -> streams.open(ctx, concertId(ctx)));
  }

  private static long concertId(io.vertx.ext.web.RoutingContext ctx) {
    return Long.parseLong(ctx.pathParam("concertId"));
  }
}
