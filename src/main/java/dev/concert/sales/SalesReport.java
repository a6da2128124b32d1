package dev.concert.sales;

import dev.concert.infra.Resources;
import dev.concert.shared.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.RowSet;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

/**
 * A concert's sales per date, read from the projection the sales consumer builds from the Kafka
 * events: it lags the sales by the relay and the consumer, and {@code asOf} says when each date's
 * figures last changed (null before its first event). Each date's {@code grades} split its figures
 * by grade, for the sales whose events named their places (every sale since venues and grades).
 */
public final class SalesReport {
  private static final String CONCERT_SALES = Resources.sql("sales/concert_sales");
  private static final String CONCERT_GRADE_SALES = Resources.sql("sales/concert_grade_sales");

  private final Pool pool;

  public SalesReport(Pool pool) {
    this.pool = pool;
  }

  public Future<JsonObject> ofConcert(long concertId) {
    Future<Map<Long, JsonArray>> grades = gradesOf(concertId);
    Future<RowSet<Row>> dates = pool.preparedQuery(CONCERT_SALES).execute(Tuple.of(concertId));
    return Future.all(dates, grades).compose(both -> {
      RowSet<Row> rows = dates.result();
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
            .put("grades", grades.result().getOrDefault(row.getLong("schedule_id"), new JsonArray()))
            .put("asOf", asOf == null ? null : asOf.toInstant().toString()));
      }
      return Future.succeededFuture(new JsonObject().put("items", items));
    });
  }

  /** Each date's grades as sold: {@code [{"name","seatsSold","revenue"}]}, in the date's grade order. */
  private Future<Map<Long, JsonArray>> gradesOf(long concertId) {
    return pool.preparedQuery(CONCERT_GRADE_SALES).execute(Tuple.of(concertId)).map(rows -> {
      Map<Long, JsonArray> byDate = new HashMap<>();
      for (Row row : rows) {
        byDate.computeIfAbsent(row.getLong("schedule_id"), id -> new JsonArray()).add(new JsonObject()
            .put("name", row.getString("grade")).put("seatsSold", row.getInteger("seats_sold"))
            .put("revenue", row.getLong("revenue")));
      }
      return byDate;
    });
  }
}
