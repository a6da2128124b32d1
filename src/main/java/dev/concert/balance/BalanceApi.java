package dev.concert.balance;

import dev.concert.http.Replies;
import dev.concert.http.Routes;
import dev.concert.shared.Bus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** HTTP operations of balances. */
public final class BalanceApi {
  private BalanceApi() {}

  public static void register(Routes routes, Vertx vertx) {
    routes.identity("getBalance", Replies.forward(vertx, BalanceVerticle.BALANCE, 200,
        ctx -> new JsonObject().put("userId", Replies.userId(ctx))));
    routes.identity("chargeBalance", ctx -> Replies.withOwnStatus(ctx, Bus.request(vertx, BalanceVerticle.CHARGE,
        Replies.keyed(ctx).put("amount", Replies.body(ctx).getLong("amount")))));
  }
}
