package dev.concert.payment;

import dev.concert.http.Replies;
import dev.concert.http.RequestLog;
import dev.concert.http.Routes;
import dev.concert.http.TokenGate;
import dev.concert.payment.PaymentMessages.Pay;
import dev.concert.payment.PaymentMessages.Replay;
import dev.concert.payment.PaymentMessages.Replayed;
import dev.concert.shared.Bus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** HTTP operations of payments. */
public final class PaymentApi {
  private PaymentApi() {}

  public static void register(Routes routes, Vertx vertx) {
    // Identity first: a replay of a payment must answer even though paying ended the token.
    // A new payment then needs an ACTIVE token, as docs/contract.md says. Its room (a concert room's
    // token pays its own concert only, a service-wide one no concert sold through its own room) is
    // checked by the payment's own transaction, on the concert of the row it marks paid: no round trip.
    TokenGate gate = routes.gate();
    Bus bus = Bus.of(vertx);
    routes.identity("pay", ctx -> {
      String userId = Replies.userId(ctx);
      String reservationId = Replies.body(ctx).getString("reservationId");
      String key = Replies.idempotencyKey(ctx);
      RequestLog.reservation(ctx, reservationId);
      Future<Replayed> replayed = key != null
          ? bus.request(PaymentMessages.REPLAY, new Replay(userId, reservationId, key))
          : Future.succeededFuture(Replayed.NONE);
      Replies.withOwnStatus(ctx, replayed.compose(replay -> replay.found()
          ? Future.succeededFuture(replay.stored())
          : gate.requireActive(ctx.request().getHeader("Authorization"))
              .compose(active -> bus.request(PaymentMessages.PAY,
                  new Pay(userId, reservationId, key, active.tokenId(), active.concertId())))));
    });
  }
}
