package dev.concert.trail;

import dev.concert.infra.KeysetPage;
import dev.concert.infra.Resources;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/** The trail read back, newest first, a page at a time (as the ledger: the cursor is the last id shown). */
public final class ActionLog {
  public static final int DEFAULT_LIMIT = 20;
  private static final String FIRST_PAGE = Resources.sql("trail/first_page");
  private static final String NEXT_PAGE = Resources.sql("trail/next_page");

  private final Pool pool;

  public ActionLog(Pool pool) {
    this.pool = pool;
  }

  /** {@code {"items":[...], "next"}}; {@code after} is the {@code next} of the previous page, or null. */
  public Future<JsonObject> page(int limit, String after) {
    Future<RowSet<Row>> rows = after == null
        ? pool.preparedQuery(FIRST_PAGE).execute(Tuple.of(limit + 1))
        : pool.preparedQuery(NEXT_PAGE).execute(Tuple.of(KeysetPage.cursor(after), limit + 1));
    return KeysetPage.of(rows, limit, ActionLog::item);
  }

  private static JsonObject item(Row row) {
    return new JsonObject()
        .put("actionId", row.getLong("id"))
        .put("at", row.getOffsetDateTime("at").toInstant().toString())
        .put("actor", row.getString("actor"))
        .put("action", row.getString("action"))
        .put("target", row.getString("target"))
        .put("detail", row.getJsonObject("detail"));
  }
}
