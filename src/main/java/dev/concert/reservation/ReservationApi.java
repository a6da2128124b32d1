package dev.concert.reservation;

import dev.concert.http.Paging;
import dev.concert.http.Replies;
import dev.concert.http.RequestLog;
import dev.concert.http.RoomTarget;
import dev.concert.http.Routes;
import dev.concert.shared.Bus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** HTTP operations of seat holds: translate, forward to the reservation verticle, answer. */
public final class ReservationApi {
  private ReservationApi() {}

  public static void register(Routes routes, Vertx vertx) {
    routes.active("holdSeats", ctx -> RoomTarget.schedule(Replies.body(ctx).getLong("scheduleId")), ctx -> Bus.request(vertx, ReservationVerticle.HOLD, Replies.body(ctx).copy()
            .put("userId", Replies.userId(ctx)))
        .onComplete(held -> {
          RequestLog.reservation(ctx, held.getString("reservationId"));
          Replies.json(ctx, 201, held);
        }, ctx::fail));
    routes.identity("listReservations", Replies.forward(vertx, ReservationVerticle.LIST, 200, ctx -> {
      JsonObject request = new JsonObject().put("userId", Replies.userId(ctx))
          .put("limit", Paging.limit(ctx, MyReservations.DEFAULT_LIMIT));
      String status = ctx.queryParams().get("status");
      String after = Paging.after(ctx);
      if (status != null) {
        request.put("status", status);
      }
      return after == null ? request : request.put("after", after);
    }));
    routes.identity("getReservation", Replies.forward(vertx, ReservationVerticle.GET, 200, ReservationApi::byId));
    routes.active("cancelReservation", ctx -> RoomTarget.reservation(ctx.pathParam("reservationId")), ctx -> Bus.request(vertx, ReservationVerticle.CANCEL, byId(ctx))
        .onComplete(done -> ctx.response().setStatusCode(204).end(), ctx::fail));
  }

  private static JsonObject byId(RoutingContext ctx) {
    RequestLog.reservation(ctx, ctx.pathParam("reservationId"));
    return new JsonObject().put("userId", Replies.userId(ctx)).put("reservationId", ctx.pathParam("reservationId"));
  }
}
