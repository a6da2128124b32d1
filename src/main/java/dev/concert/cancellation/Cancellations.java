package dev.concert.cancellation;

import dev.concert.infra.Resources;
import dev.concert.shared.ApiException;
import dev.concert.trail.ActionTrail;
import dev.concert.trail.Actor;
import dev.concert.trail.OperatorAction;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The cancellation's statements: its state is the schedule's status, its work the date's reservations. */
final class Cancellations {
  private static final String START = Resources.sql("cancellation/start");
  private static final String PROGRESS = Resources.sql("cancellation/progress");
  private static final String CANCELLING = Resources.sql("cancellation/cancelling");
  private static final String RECORD_REFUND = Resources.sql("cancellation/record_refund");
  private static final String FINISH = Resources.sql("cancellation/finish");
  private static final String NOT_ON_SALE = Resources.sql("cancellation/cancelled_schedules");

  private Cancellations() {}

  /**
   * ON_SALE → CANCELLING with the operator's trail entry, in the caller's transaction; false when
   * the date was cancelled already (nothing done, nothing recorded).
   */
  static Future<Boolean> start(SqlConnection tx, long scheduleId) {
    return tx.preparedQuery(START).execute(Tuple.of(scheduleId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(false);
      }
      JsonObject detail = new JsonObject().put("concertId", rows.iterator().next().getLong("concert_id"));
      return ActionTrail.record(tx, new OperatorAction(Actor.ADMIN, "schedule.cancel", "schedule:" + scheduleId, detail))
          .map(true);
    });
  }

  /** The date's progress; 404 for an unknown date. */
  static Future<CancellationProgress> progress(SqlClient client, long scheduleId) {
    return client.preparedQuery(PROGRESS).execute(Tuple.of(scheduleId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiException.notFound("no schedule " + scheduleId));
      }
      Row row = rows.iterator().next();
      return Future.succeededFuture(new CancellationProgress(scheduleId, row.getString("status"),
          row.getLong("refunds_done"), row.getLong("paid_left")));
    });
  }

  /** The dates whose cancellation is under way. */
  static Future<List<Long>> cancelling(SqlClient client) {
    return ids(client, CANCELLING);
  }

  /** The future dates not on sale: their Redis markers are set again (after a Redis loss). */
  static Future<List<Long>> notOnSale(SqlClient client) {
    return ids(client, NOT_ON_SALE);
  }

  private static Future<List<Long>> ids(SqlClient client, String sql) {
    return client.query(sql).execute().map(rows -> {
      List<Long> ids = new ArrayList<>();
      rows.forEach(row -> ids.add(row.getLong("id")));
      return ids;
    });
  }

  /** In the refund's transaction: the primary key refuses a second refund of the reservation. */
  static Future<Void> recordRefund(SqlConnection tx, UUID reservationId, long scheduleId) {
    return tx.preparedQuery(RECORD_REFUND).execute(Tuple.of(reservationId, scheduleId)).mapEmpty();
  }

  /** CANCELLING → CANCELLED once nothing of the date is held or paid; whether it happened. */
  static Future<Boolean> finish(SqlClient client, long scheduleId) {
    return client.preparedQuery(FINISH).execute(Tuple.of(scheduleId)).map(rows -> rows.size() > 0);
  }
}
