package dev.concert.payment;

import dev.concert.http.Replies;
import dev.concert.http.RequestLog;
import dev.concert.http.Routes;
import dev.concert.http.TokenGate;
import dev.concert.shared.Bus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** HTTP operations of payments. */
public final class PaymentApi {
  private PaymentApi() {}

  public static void register(Routes routes, Vertx vertx) {
    // Identity first: a replay of a payment must answer even though paying ended the token.
    // A new payment then needs an ACTIVE token, as docs/contract.md says. Its room (a concert room's
    // token pays its own concert only, a service-wide one no concert sold through its own room) is
    // checked by the payment's own transaction, on the concert of the row it marks paid: no round trip.
    TokenGate gate = routes.gate();
    routes.identity("pay", ctx -> {
      JsonObject request = Replies.keyed(ctx).put("reservationId", Replies.body(ctx).getString("reservationId"));
      RequestLog.reservation(ctx, request.getString("reservationId"));
      Future<JsonObject> replayed = request.containsKey("idempotencyKey")
          ? Bus.request(vertx, PaymentVerticle.REPLAY, request)
          : Future.succeededFuture(new JsonObject().put("found", false));
      Replies.withOwnStatus(ctx, replayed.compose(replay -> replay.getBoolean("found")
          ? Future.succeededFuture(replay)
          : gate.requireActive(ctx.request().getHeader("Authorization"))
              .compose(active -> Bus.request(vertx, PaymentVerticle.PAY,
                  request.put("tokenId", active.tokenId()).put("tokenConcertId", active.concertId())))));
    });
  }
}
