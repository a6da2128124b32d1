package dev.concert.reservation;

import dev.concert.http.Paging;
import dev.concert.http.Replies;
import dev.concert.http.RequestLog;
import dev.concert.http.RoomTarget;
import dev.concert.http.Routes;
import dev.concert.reservation.ReservationMessages.Hold;
import dev.concert.reservation.ReservationMessages.Mine;
import dev.concert.reservation.ReservationMessages.Page;
import dev.concert.shared.Bus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** HTTP operations of seat holds: translate, forward to the reservation verticle, answer. */
public final class ReservationApi {
  private ReservationApi() {}

  public static void register(Routes routes, Vertx vertx) {
    Bus bus = Bus.of(vertx);
    routes.active("holdSeats", ctx -> RoomTarget.schedule(Replies.body(ctx).getLong("scheduleId")), ctx -> bus.request(ReservationMessages.HOLD, hold(ctx))
        .onComplete(held -> {
          RequestLog.reservation(ctx, held.getString("reservationId"));
          Replies.json(ctx, 201, held);
        }, ctx::fail));
    routes.identity("listReservations", Replies.forward(vertx, ReservationMessages.LIST, 200, ctx -> new Page(Replies.userId(ctx),
        ctx.queryParams().get("status"), Paging.limit(ctx, MyReservations.DEFAULT_LIMIT), Paging.after(ctx))));
    routes.identity("getReservation", Replies.forward(vertx, ReservationMessages.GET, 200, ReservationApi::byId));
    routes.active("cancelReservation", ctx -> RoomTarget.reservation(ctx.pathParam("reservationId")), ctx -> bus.request(ReservationMessages.CANCEL, byId(ctx))
        .onComplete(done -> ctx.response().setStatusCode(204).end(), ctx::fail));
  }

  private static Hold hold(RoutingContext ctx) {
    JsonObject body = Replies.body(ctx);
    JsonArray numbers = body.getJsonArray("seatNumbers");
    List<Integer> seatNumbers = null;
    if (numbers != null) {
      Integer[] given = new Integer[numbers.size()];
      for (int i = 0; i < given.length; i++) {
        given[i] = numbers.getInteger(i);
      }
      seatNumbers = List.of(given);
    }
    return new Hold(body.getLong("scheduleId"), seatNumbers, body.getInteger("quantity"), body.getString("grade"),
        body.getLong("section"), body.getBoolean("together"), Replies.userId(ctx));
  }

  private static Mine byId(RoutingContext ctx) {
    RequestLog.reservation(ctx, ctx.pathParam("reservationId"));
    return new Mine(Replies.userId(ctx), ctx.pathParam("reservationId"));
  }
}
