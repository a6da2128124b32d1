package dev.concert.infra;

import dev.concert.shared.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.function.Function;

/**
 * A page of rows read newest first along a {@code bigint} primary key {@code id}: the query asks for
 * {@code limit + 1} rows, the extra one only says there is more, and the cursor is the last id shown.
 */
public final class KeysetPage {
  private KeysetPage() {}

  /** {@code {"items":[...], "next"}}, {@code next} the last id shown when more rows follow, else null. */
  public static Future<JsonObject> of(Future<RowSet<Row>> rows, int limit, Function<Row, JsonObject> item) {
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
        items.add(item.apply(row));
      }
      return new JsonObject().put("items", items).put("next", more ? Long.toString(lastId) : null);
    });
  }

  /** The id of the last row shown; anything else is a bad request, not a 500. */
  public static long cursor(String after) {
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
}
