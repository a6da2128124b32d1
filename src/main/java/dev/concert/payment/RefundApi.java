package dev.concert.payment;

import dev.concert.http.Replies;
import dev.concert.http.RequestLog;
import dev.concert.http.Routes;
import dev.concert.shared.Bus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** {@code POST /api/v1/reservations/{id}/refund} (identity gate, owner; honours Idempotency-Key). */
public final class RefundApi {
  private RefundApi() {}

  public static void register(Routes routes, Vertx vertx) {
    routes.identity("refundReservation", ctx -> {
      String reservationId = ctx.pathParam("reservationId");
      RequestLog.reservation(ctx, reservationId);
      JsonObject request = new JsonObject().put("userId", Replies.userId(ctx)).put("reservationId", reservationId);
      String key = ctx.request().getHeader("Idempotency-Key");
      if (key != null) {
        request.put("idempotencyKey", key);
      }
      Bus.request(vertx, PaymentVerticle.REFUND, request)
          .onComplete(reply -> Replies.json(ctx, reply.getInteger("status"), reply.getJsonObject("body")), ctx::fail);
    });
  }
}
