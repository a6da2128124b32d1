package dev.concert.trail;

import dev.concert.infra.Resources;
import dev.concert.shared.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
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
        : pool.preparedQuery(NEXT_PAGE).execute(Tuple.of(cursor(after), limit + 1));
    return rows.map(found -> {
      JsonArray items = new JsonArray();
      long lastId = 0;
      boolean more = false;
      for (Row row : found) {
        if (items.size() == limit) {
          more = true;
          break;
        }
        lastId = row.getLong("id");
        items.add(item(row));
      }
      return new JsonObject().put("items", items).put("next", more ? Long.toString(lastId) : null);
    });
  }

  /** The id of the last action shown; anything else is a bad request, not a 500. */
  static long cursor(String after) {
    try {
      long id = Long.parseLong(after);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException ignored) {
      // refused below
    }
    throw ApiException.invalid("query parameter 'after' is not a cursor this endpoint gave out");
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
