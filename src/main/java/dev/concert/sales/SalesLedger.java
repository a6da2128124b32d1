package dev.concert.sales;

import dev.concert.infra.Resources;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;

/**
 * The per-schedule sales summary in Postgres. Each sale is counted together with its claim in
 * sales_applied, keyed by (reservation, event type), in one statement: an event delivered twice,
 * or read again from the topic's start by a new consumer group at any later time, counts once.
 */
public final class SalesLedger {
  private static final String APPLY = Resources.sql("sales/apply_payment");
  private static final String FIND = Resources.sql("sales/find_sales");

  /** One schedule's totals. */
  public record Summary(long scheduleId, int seatsSold, long revenue, int payments) {}

  private final Pool pool;

  public SalesLedger(Pool pool) {
    this.pool = pool;
  }

  /** Applies the sales (and refunds) of one poll in one transaction, in order; duplicates are no-ops. */
  public Future<Void> apply(List<Sale> sales) {
    if (sales.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = sales.stream()
        .map(s -> Tuple.of(s.reservationId(), s.eventType(), s.scheduleId(), s.seats(), s.amount(), s.payments(), s.refunds())
            .addJsonArray(s.gradesJson()))
        .toList();
    return pool.withTransaction(tx -> tx.preparedQuery(APPLY).executeBatch(rows)).mapEmpty();
  }

  public Future<Optional<Summary>> find(long scheduleId) {
    return pool.preparedQuery(FIND).execute(Tuple.of(scheduleId)).map(rows -> rows.size() == 0
        ? Optional.empty()
        : Optional.of(rows.iterator().next()).map(r -> new Summary(r.getLong("schedule_id"),
            r.getInteger("seats_sold"), r.getLong("revenue"), r.getInteger("payments"))));
  }
}
