package dev.concert.reservation;

import dev.concert.infra.PgTransactions;
import dev.concert.infra.Resources;
import dev.concert.outbox.DomainEvent;
import dev.concert.outbox.EventType;
import dev.concert.outbox.OutboxWriter;
import dev.concert.seats.Seats;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reservations in Postgres, the record. Every state change writes its outbox event with it. */
public final class ReservationRepository implements ReservationPort {
  private static final String INSERT_HOLD = Resources.sql("reservation/insert_hold");
  private static final String FIND = Resources.sql("reservation/find_reservation");
  private static final String CANCEL = Resources.sql("reservation/cancel_reservation");
  private static final String SET_SEAT_STATUS = Resources.sql("reservation/set_seat_status");
  private static final String CLAIM_DUE = Resources.sql("reservation/claim_due_holds");
  private static final String LIVE_SEATS = Resources.sql("reservation/live_seats");
  private static final String LIVE_SEATS_OF = Resources.sql("reservation/live_seats_of");
  private static final String OLDEST_DUE = Resources.sql("reservation/oldest_due_hold");
  private static final String STATUSES = Resources.sql("reservation/reservation_statuses");
  private static final String MARK_PAID = Resources.sql("reservation/mark_paid");
  private static final String WHY_NOT_PAYABLE = Resources.sql("reservation/why_not_payable");
  private static final String MARK_REFUNDED = Resources.sql("reservation/mark_refunded");
  private static final String WHY_NOT_REFUNDABLE = Resources.sql("reservation/why_not_refundable");
  private static final String CANCEL_HOLDS_OF = Resources.sql("reservation/cancel_holds_of_schedule");
  private static final String PAID_OF = Resources.sql("reservation/paid_of_schedule");
  private static final String UNIQUE_VIOLATION = "23505";
  /** Raised by schedule_on_sale() (V29): the hold's date is cancelled. */
  private static final String SCHEDULE_NOT_ON_SALE = "CN001";

  private final Pool pool;
  private final PgTransactions transactions;
  private final OutboxWriter outbox;

  public ReservationRepository(Pool pool, PgTransactions transactions, OutboxWriter outbox) {
    this.pool = pool;
    this.transactions = transactions;
    this.outbox = outbox;
  }

  /**
   * Inserts a hold with its seats and event; fails with {@link SeatTakenException} on a taken seat,
   * with {@link SeatLimitException} if the user would have more than {@code maxSeatsPerUser} (0: no
   * limit) live seats of the schedule.
   */
  public Future<Void> insertHold(Reservation r, DomainEvent held, int maxSeatsPerUser) {
    Tuple params = Tuple.tuple()
        .addUUID(r.id()).addUUID(r.userId()).addLong(r.scheduleId())
        .addArrayOfInteger(r.seatNumbers().toArray(Integer[]::new))
        .addLong(r.amount()).addOffsetDateTime(r.heldUntil().atOffset(ZoneOffset.UTC))
        .addUUID(held.eventId()).addString(outbox.topicOf(held.type())).addValue(held.toJson())
        .addInteger(maxSeatsPerUser).addValue(r.seats());
    return transactions.single(connection -> connection.preparedQuery(INSERT_HOLD).execute(params))
        .<Void>compose(rows -> rows.rowCount() == 0
            ? Future.failedFuture(new SeatLimitException())
            : Future.succeededFuture()).recover(failure ->
        failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
            ? Future.failedFuture(new SeatTakenException())
            : failure instanceof PgException pg && SCHEDULE_NOT_ON_SALE.equals(pg.getSqlState())
            ? Future.failedFuture(scheduleCancelled(r.scheduleId()))
            : Future.failedFuture(failure));
  }

  public Future<Optional<Reservation>> find(UUID id) {
    return pool.preparedQuery(FIND).execute(Tuple.of(id)).map(rows -> rows.size() == 0
        ? Optional.empty()
        : Optional.of(Reservation.from(rows.iterator().next())));
  }

  /** Cancels the owner's HELD reservation; empty if it is not (any longer) held by them. */
  public Future<Optional<Reservation>> cancel(UUID id, UUID userId, Instant now) {
    return transactions.run(tx -> tx.preparedQuery(CANCEL).execute(Tuple.of(id, userId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(Optional.<Reservation>empty());
      }
      Reservation cancelled = Reservation.from(rows.iterator().next());
      return finish(tx, List.of(cancelled), ReservationStatus.CANCELLED, EventType.ReservationCancelled, now)
          .map(done -> Optional.of(cancelled));
    }));
  }

  /** Marks up to {@code limit} due holds EXPIRED (skipping rows others have locked). */
  public Future<List<Reservation>> expireDue(int limit, Instant now) {
    return pool.withTransaction(tx -> tx.preparedQuery(CLAIM_DUE).execute(Tuple.of(limit)).compose(rows -> {
      List<Reservation> expired = reservations(rows);
      return finish(tx, expired, ReservationStatus.EXPIRED, EventType.ReservationExpired, now).map(done -> expired);
    }));
  }

  /** The seats' status and the outbox events of reservations that just changed, in the same transaction. */
  public Future<Void> finish(SqlConnection tx, List<Reservation> changed, ReservationStatus status, EventType event,
      Instant now) {
    if (changed.isEmpty()) {
      return Future.succeededFuture();
    }
    UUID[] ids = changed.stream().map(Reservation::id).toArray(UUID[]::new);
    // A payment's event carries the places as sold, with their labels and prices (as the hold's did).
    List<DomainEvent> events = changed.stream().map(r -> DomainEvent.of(event, now, r.id(), r.userId(), r.scheduleId(),
        r.seatNumbers(), event.carriesAmount() ? r.amount() : null,
        event == EventType.PaymentCompleted ? r.seats() : null)).toList();
    return tx.preparedQuery(SET_SEAT_STATUS).execute(Tuple.of(ids, status.name()))
        .compose(updated -> outbox.appendAll(tx, events));
  }

  @Override
  public Future<Optional<MarkedPaid>> markPaid(SqlConnection tx, UUID reservationId, UUID userId) {
    return tx.preparedQuery(MARK_PAID).execute(Tuple.of(reservationId, userId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new MarkedPaid(Reservation.from(row), soldThrough(row)));
    });
  }

  @Override
  public Future<NotPayable> whyNotPayable(SqlConnection tx, UUID reservationId, UUID userId) {
    return tx.preparedQuery(WHY_NOT_PAYABLE).execute(Tuple.of(reservationId)).map(rows -> {
      if (rows.size() == 0) {
        return new NotPayable(ApiException.notFound("no reservation " + reservationId), Optional.empty());
      }
      Row row = rows.iterator().next();
      Reservation r = Reservation.from(row);
      if (!r.ownedBy(userId)) {
        return new NotPayable(ApiException.notFound("no reservation " + reservationId), Optional.of(soldThrough(row)));
      }
      boolean onSale = "ON_SALE".equals(row.getString("schedule_status"));
      return new NotPayable(onSale || r.status() == ReservationStatus.PAID ? ReservationService.notHeld(r)
          : scheduleCancelled(r.scheduleId()), Optional.of(soldThrough(row)));
    });
  }

  static ApiException scheduleCancelled(long scheduleId) {
    return new ApiException(ErrorCode.SCHEDULE_CANCELLED, "schedule " + scheduleId + " is cancelled");
  }

  private static SoldThrough soldThrough(Row row) {
    return new SoldThrough(row.getLong("concert_id"), row.getBoolean("own_room"));
  }

  @Override
  public Future<Void> recordPaid(SqlConnection tx, Reservation paid, Instant at) {
    return finish(tx, List.of(paid), ReservationStatus.PAID, EventType.PaymentCompleted, at);
  }

  @Override
  public Future<Optional<Reservation>> markRefunded(SqlConnection tx, UUID reservationId, UUID userId, Integer cutoffHours) {
    return tx.preparedQuery(MARK_REFUNDED).execute(Tuple.of(reservationId, userId, cutoffHours))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Reservation.from(rows.iterator().next())));
  }

  @Override
  public Future<ApiException> whyNotRefundable(SqlConnection tx, UUID reservationId, UUID userId, Integer cutoffHours) {
    return tx.preparedQuery(WHY_NOT_REFUNDABLE).execute(Tuple.of(reservationId, cutoffHours)).map(rows -> {
      Row row = rows.size() == 0 ? null : rows.iterator().next();
      if (row == null || !userId.equals(row.getUUID("user_id"))) {
        return ApiException.notFound("no reservation " + reservationId);
      }
      if (!ReservationStatus.PAID.name().equals(row.getString("status"))) {
        return new ApiException(ErrorCode.RESERVATION_NOT_PAID, "reservation " + reservationId + " is " + row.getString("status"));
      }
      return new ApiException(ErrorCode.REFUND_WINDOW_CLOSED,
          "refunds close " + cutoffHours + " hours before the date starts");
    });
  }

  @Override
  public Future<Void> recordRefunded(SqlConnection tx, Reservation refunded, Instant at) {
    return finish(tx, List.of(refunded), ReservationStatus.REFUNDED, EventType.ReservationRefunded, at);
  }

  @Override
  public Future<List<Reservation>> cancelHoldsOf(SqlConnection tx, long scheduleId, int limit, Instant now) {
    return tx.preparedQuery(CANCEL_HOLDS_OF).execute(Tuple.of(scheduleId, limit)).compose(rows -> {
      List<Reservation> cancelled = reservations(rows);
      return finish(tx, cancelled, ReservationStatus.CANCELLED, EventType.ReservationCancelled, now).map(done -> cancelled);
    });
  }

  @Override
  public Future<List<Owned>> paidOf(SqlClient client, long scheduleId, int limit) {
    return client.preparedQuery(PAID_OF).execute(Tuple.of(scheduleId, limit)).map(rows -> {
      List<Owned> paid = new ArrayList<>();
      rows.forEach(row -> paid.add(new Owned(row.getUUID("id"), row.getUUID("user_id"))));
      return paid;
    });
  }

  /** Every seat Postgres says is taken (held or sold), for the seat rebuild. */
  public Future<List<Seats.TakenSeat>> takenSeats() {
    return pool.query(LIVE_SEATS).execute().map(ReservationRepository::takenSeats);
  }

  /** Of {@code seatNumbers} of a schedule, those held or sold. */
  public Future<List<Seats.TakenSeat>> takenSeats(long scheduleId, List<Integer> seatNumbers) {
    return pool.preparedQuery(LIVE_SEATS_OF).execute(Tuple.of(scheduleId).addArrayOfInteger(seatNumbers.toArray(Integer[]::new)))
        .map(ReservationRepository::takenSeats);
  }

  private static List<Seats.TakenSeat> takenSeats(RowSet<Row> rows) {
    List<Seats.TakenSeat> seats = new ArrayList<>();
    for (Row row : rows) {
      seats.add(new Seats.TakenSeat(row.getLong("schedule_id"), row.getInteger("seat_number"), row.getUUID("reservation_id"),
          ReservationStatus.valueOf(row.getString("status")) == ReservationStatus.PAID,
          row.getOffsetDateTime("held_until").toInstant()));
    }
    return seats;
  }

  /** The current status of each of {@code ids} that exists. */
  public Future<Map<UUID, ReservationStatus>> statuses(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery(STATUSES).execute(Tuple.of(ids.toArray(UUID[]::new))).map(rows -> {
      Map<UUID, ReservationStatus> statuses = new HashMap<>();
      rows.forEach(row -> statuses.put(row.getUUID("id"), ReservationStatus.valueOf(row.getString("status"))));
      return statuses;
    });
  }

  /** Seconds the oldest unexpired due hold is past its time (0 when none): the sweeper's lag. */
  public Future<Double> oldestDueHoldAgeSeconds() {
    return pool.query(OLDEST_DUE).execute().map(rows -> {
      Double age = rows.iterator().next().getDouble("age_seconds");
      return age == null ? 0.0 : age;
    });
  }

  private static List<Reservation> reservations(RowSet<Row> rows) {
    List<Reservation> list = new ArrayList<>();
    rows.forEach(row -> list.add(Reservation.from(row)));
    return list;
  }

  /** The hold would give its user more live seats of the schedule than the per-buyer limit. */
  public static final class SeatLimitException extends RuntimeException {
    SeatLimitException() {
      super("seat limit", null, false, false);
    }
  }

  /** A requested seat is already held or sold according to Postgres. */
  public static final class SeatTakenException extends RuntimeException {
    SeatTakenException() {
      super("seat taken", null, false, false);
    }
  }
}
