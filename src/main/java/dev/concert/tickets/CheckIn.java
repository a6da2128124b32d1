package dev.concert.tickets;

import dev.concert.infra.Resources;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Admitting a ticket at the door: the code's signature is checked first (a forged or altered code
 * never reaches Postgres), then one conditional UPDATE admits it once.
 */
public final class CheckIn {
  private static final String CHECK_IN = Resources.sql("tickets/check_in");
  private static final String FIND = Resources.sql("tickets/find_ticket");

  private final Pool pool;
  private final TicketCodes codes;

  public CheckIn(Pool pool, TicketCodes codes) {
    this.pool = pool;
    this.codes = codes;
  }

  public Future<JsonObject> admit(String code) {
    TicketCodes.Ticket ticket = codes.verify(code).orElse(null);
    if (ticket == null) {
      return Future.failedFuture(ApiException.notFound("no such ticket"));
    }
    Tuple key = Tuple.of(ticket.reservationId(), ticket.seatNumber());
    return pool.preparedQuery(CHECK_IN).execute(key).compose(rows -> {
      if (rows.size() == 1) {
        Row row = rows.iterator().next();
        return Future.succeededFuture(new JsonObject()
            .put("reservationId", row.getUUID("reservation_id").toString())
            .put("scheduleId", row.getLong("schedule_id"))
            .put("seatNumber", row.getInteger("seat_number"))
            .put("checkedInAt", row.getOffsetDateTime("checked_in_at").toInstant().toString()));
      }
      return pool.preparedQuery(FIND).execute(key).compose(found -> {
        Row row = found.size() == 0 ? null : found.iterator().next();
        if (row != null && "VALID".equals(row.getString("status")) && row.getValue("checked_in_at") != null) {
          return Future.failedFuture(new ApiException(ErrorCode.TICKET_ALREADY_USED,
              "this ticket was checked in at " + row.getOffsetDateTime("checked_in_at").toInstant()));
        }
        return Future.failedFuture(ApiException.notFound("no valid ticket for this code (unknown or refunded)"));
      });
    });
  }
}
