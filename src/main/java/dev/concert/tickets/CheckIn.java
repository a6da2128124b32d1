package dev.concert.tickets;

import dev.concert.infra.Resources;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import dev.concert.trail.ActionTrail;
import dev.concert.trail.Actor;
import dev.concert.trail.OperatorAction;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * Admitting a ticket at the door: the code's signature is checked first (a forged or altered code
 * never reaches Postgres), then one conditional UPDATE admits it once, for the date the door
 * serves if it names one, and the trail records who admitted it in the same transaction.
 */
public final class CheckIn {
  private static final String CHECK_IN = Resources.sql("tickets/check_in");
  private static final String FIND = Resources.sql("tickets/find_ticket");

  private final TicketCodes codes;

  public CheckIn(TicketCodes codes) {
    this.codes = codes;
  }

  /**
   * Admits the ticket of {@code code} in the caller's transaction {@code tx}. {@code scheduleId}: the
   * only date this door admits (a ticket of another one: TICKET_WRONG_DATE), or null for any date.
   */
  public Future<JsonObject> admit(SqlConnection tx, String code, Long scheduleId, Actor actor) {
    TicketCodes.Ticket ticket = codes.verify(code).orElse(null);
    if (ticket == null) {
      return Future.failedFuture(ApiException.notFound("no such ticket"));
    }
    Tuple key = Tuple.of(ticket.reservationId(), ticket.seatNumber());
    return tx.preparedQuery(CHECK_IN).execute(Tuple.of(ticket.reservationId(), ticket.seatNumber(), scheduleId))
        .compose(rows -> {
          if (rows.size() == 1) {
            JsonObject admitted = admitted(rows.iterator().next());
            return ActionTrail.record(tx, new OperatorAction(actor, "ticket.check-in",
                    "ticket:" + ticket.reservationId() + "/" + ticket.seatNumber(), admitted.copy()))
                .map(admitted);
          }
          return tx.preparedQuery(FIND).execute(key).compose(found -> Future.failedFuture(
              whyNot(found.size() == 0 ? null : found.iterator().next(), scheduleId)));
        });
  }

  private static JsonObject admitted(Row row) {
    return new JsonObject()
        .put("reservationId", row.getUUID("reservation_id").toString())
        .put("scheduleId", row.getLong("schedule_id"))
        .put("seatNumber", row.getInteger("seat_number"))
        .put("checkedInAt", row.getOffsetDateTime("checked_in_at").toInstant().toString());
  }

  /** Why a genuine code did not admit: no valid ticket, another date's, or used before. */
  private static ApiException whyNot(Row ticket, Long scheduleId) {
    if (ticket == null || !"VALID".equals(ticket.getString("status"))) {
      return ApiException.notFound("no valid ticket for this code (unknown or refunded)");
    }
    if (scheduleId != null && ticket.getLong("schedule_id") != scheduleId.longValue()) {
      return new ApiException(ErrorCode.TICKET_WRONG_DATE,
          "this ticket is for date " + ticket.getLong("schedule_id") + ", not date " + scheduleId);
    }
    if (ticket.getValue("checked_in_at") != null) {
      return new ApiException(ErrorCode.TICKET_ALREADY_USED,
          "this ticket was checked in at " + ticket.getOffsetDateTime("checked_in_at").toInstant());
    }
    return ApiException.notFound("no valid ticket for this code (unknown or refunded)");
  }
}
