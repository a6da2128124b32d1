package dev.concert.balance;

import dev.concert.http.Replies;
import dev.concert.http.Routes;
import dev.concert.shared.Bus;
import io.vertx.core.Vertx;

/** HTTP operations of balances. */
public final class BalanceApi {
  private BalanceApi() {}

  public static void register(Routes routes, Vertx vertx) {
    Bus bus = Bus.of(vertx);
    routes.identity("getBalance", Replies.forward(vertx, BalanceMessages.BALANCE, 200,
        ctx -> new BalanceMessages.OfUser(Replies.userId(ctx))));
    routes.identity("chargeBalance", ctx -> Replies.withOwnStatus(ctx, bus.request(BalanceMessages.CHARGE,
        new BalanceMessages.Charge(Replies.userId(ctx), Replies.body(ctx).getLong("amount"), Replies.idempotencyKey(ctx)))));
  }
}
