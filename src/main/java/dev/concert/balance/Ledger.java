package dev.concert.balance;

import dev.concert.infra.KeysetPage;
import dev.concert.infra.Resources;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * A user's ledger entries, newest first, a page at a time. The entries themselves are written by
 * the statements that change balances ({@code balance/charge|debit|credit.sql}), in their transaction.
 */
public final class Ledger {
  public static final int DEFAULT_LIMIT = 20;
  private static final String FIRST_PAGE = Resources.sql("ledger/first_page");
  private static final String NEXT_PAGE = Resources.sql("ledger/next_page");

  private final Pool pool;

  public Ledger(Pool pool) {
    this.pool = pool;
  }

  /** {@code {"items":[...], "next"}}; {@code after} is the {@code next} of the previous page, or null. */
  public Future<JsonObject> page(UUID userId, int limit, String after) {
    Future<RowSet<Row>> rows = after == null
        ? pool.preparedQuery(FIRST_PAGE).execute(Tuple.of(userId, limit + 1))
        : pool.preparedQuery(NEXT_PAGE).execute(Tuple.of(userId, KeysetPage.cursor(after), limit + 1));
    return KeysetPage.of(rows, limit, Ledger::entry);
  }

  private static JsonObject entry(Row row) {
    return new JsonObject()
        .put("transactionId", row.getUUID("transaction_id").toString())
        .put("type", row.getString("type"))
        .put("amount", row.getLong("amount"))
        .put("balanceAfter", row.getLong("balance_after"))
        .put("reference", row.getString("reference"))
        .put("at", row.getOffsetDateTime("created_at").toInstant().toString());
  }
}
