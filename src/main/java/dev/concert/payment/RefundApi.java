package dev.concert.payment;

import dev.concert.http.Replies;
import dev.concert.http.RequestLog;
import dev.concert.http.Routes;
import dev.concert.shared.Bus;
import io.vertx.core.Vertx;

/** {@code POST /api/v1/reservations/{id}/refund} (identity gate, owner; honours Idempotency-Key). */
public final class RefundApi {
  private RefundApi() {}

  public static void register(Routes routes, Vertx vertx) {
    Bus bus = Bus.of(vertx);
    routes.identity("refundReservation", ctx -> {
      String reservationId = ctx.pathParam("reservationId");
      RequestLog.reservation(ctx, reservationId);
      Replies.withOwnStatus(ctx, bus.request(PaymentMessages.REFUND,
          new PaymentMessages.Refund(Replies.userId(ctx), reservationId, Replies.idempotencyKey(ctx))));
    });
  }
}
