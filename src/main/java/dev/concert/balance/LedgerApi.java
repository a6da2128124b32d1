package dev.concert.balance;

import dev.concert.http.Paging;
import dev.concert.http.Replies;
import dev.concert.http.Routes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** {@code GET /api/v1/balance/transactions}: the caller's ledger, newest first (identity gate). */
public final class LedgerApi {
  private LedgerApi() {}

  public static void register(Routes routes, Vertx vertx) {
    routes.identity("listTransactions", Replies.forward(vertx, BalanceVerticle.TRANSACTIONS, 200, ctx -> {
      JsonObject request = new JsonObject().put("userId", Replies.userId(ctx))
          .put("limit", Paging.limit(ctx, Ledger.DEFAULT_LIMIT));
      String after = Paging.after(ctx);
      return after == null ? request : request.put("after", after);
    }));
  }
}
