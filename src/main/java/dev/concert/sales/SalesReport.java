package dev.concert.sales;

import dev.concert.infra.Resources;
import dev.concert.shared.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;

/**
 * A concert's sales per date, read from the projection the sales consumer builds from the Kafka
 * events: it lags the sales by the relay and the consumer, and {@code asOf} says when each date's
 * figures last changed (null before its first event).
 */
public final class SalesReport {
  private static final String CONCERT_SALES = Resources.sql("sales/concert_sales");

  private final Pool pool;

  public SalesReport(Pool pool) {
    this.pool = pool;
  }

  public Future<JsonObject> ofConcert(long concertId) {
    return pool.preparedQuery(CONCERT_SALES).execute(Tuple.of(concertId)).compose(rows -> {
      if (rows.size() == 0) {
        // Every concert has at least one date: none means no such concert.
        return Future.failedFuture(ApiException.notFound("no concert " + concertId));
      }
      JsonArray items = new JsonArray();
      for (Row row : rows) {
        OffsetDateTime asOf = row.getOffsetDateTime("updated_at");
        items.add(new JsonObject()
            .put("scheduleId", row.getLong("schedule_id"))
            .put("seatsSold", row.getInteger("seats_sold"))
            .put("revenue", row.getLong("revenue"))
            .put("refunds", row.getInteger("refunds"))
            .put("asOf", asOf == null ? null : asOf.toInstant().toString()));
      }
      return Future.succeededFuture(new JsonObject().put("items", items));
    });
  }
}
