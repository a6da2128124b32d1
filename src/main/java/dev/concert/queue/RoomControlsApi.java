package dev.concert.queue;

import dev.concert.concert.ConcertApi;
import dev.concert.http.Replies;
import dev.concert.http.Routes;
import io.vertx.core.Vertx;
import java.util.Optional;

/** The operators' room operations: change the controls, read the room, stream it (all Admin-Key). */
public final class RoomControlsApi {
  private RoomControlsApi() {}

  public static void register(Routes routes, Vertx vertx, Optional<String> adminKey, long heartbeatMillis) {
    routes.guarded("changeConcertControls", ConcertApi.adminKeyCheck(adminKey), Replies.forward(vertx,
        RoomControlsMessages.CHANGE, 200,
        ctx -> new RoomControlsMessages.Change(concertId(ctx), ControlsChange.fromJson(Replies.body(ctx)))));
    routes.guarded("getConcertRoom", ConcertApi.adminKeyCheck(adminKey), Replies.forward(vertx,
        RoomControlsMessages.REPORT, 200, ctx -> new RoomControlsMessages.RoomOf(concertId(ctx))));
    RoomStreams streams = new RoomStreams(vertx, heartbeatMillis);
    routes.guarded("watchConcertRoom", ConcertApi.adminKeyCheck(adminKey), ctx -> streams.open(ctx, concertId(ctx)));
  }

  private static long concertId(io.vertx.ext.web.RoutingContext ctx) {
    return Long.parseLong(ctx.pathParam("concertId"));
  }
}
