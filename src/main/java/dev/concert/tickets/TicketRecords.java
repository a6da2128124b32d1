package dev.concert.tickets;

import dev.concert.infra.Resources;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/** The tickets table, written inside the payment's and the refund's transactions. */
public final class TicketRecords {
  private static final String ISSUE = Resources.sql("tickets/issue");
  private static final String VOID = Resources.sql("tickets/void");

  private TicketRecords() {}

  /** One valid ticket a seat of a reservation just paid. */
  public static Future<Void> issue(SqlClient tx, UUID reservationId, long scheduleId, List<Integer> seats) {
    return tx.preparedQuery(ISSUE).execute(Tuple.of(reservationId, scheduleId, seats.toArray(Integer[]::new))).mapEmpty();
  }

  /** The tickets of a refunded reservation no longer admit anyone; whether one of them had been used. */
  public static Future<Boolean> voidAll(SqlClient tx, UUID reservationId) {
    return tx.preparedQuery(VOID).execute(Tuple.of(reservationId)).map(rows -> {
      boolean used = false;
      for (var row : rows) {
        used |= row.getBoolean("used");
      }
      return used;
    });
  }
}
