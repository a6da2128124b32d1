package dev.concert.balance;

import dev.concert.http.Paging;
import dev.concert.http.Replies;
import dev.concert.http.Routes;
import io.vertx.core.Vertx;

/** {@code GET /api/v1/balance/transactions}: the caller's ledger, newest first (identity gate). */
public final class LedgerApi {
  private LedgerApi() {}

  public static void register(Routes routes, Vertx vertx) {
    routes.identity("listTransactions", Replies.forward(vertx, BalanceMessages.TRANSACTIONS, 200,
        ctx -> new BalanceMessages.LedgerPage(Replies.userId(ctx), Paging.limit(ctx, Ledger.DEFAULT_LIMIT), Paging.after(ctx))));
  }
}
