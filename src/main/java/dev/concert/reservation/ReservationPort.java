package dev.concert.reservation;

import dev.concert.config.AppConfig;
import dev.concert.infra.PgTransactions;
import dev.concert.outbox.OutboxWriter;
import dev.concert.shared.ApiException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What another feature (payment, refund) may do to a reservation, inside that feature's own Postgres
 * transaction: the reservation's rules and SQL stay here.
 */
public interface ReservationPort {
  /** The port on {@code pool}; its own transactions (none of the port's methods) keep the request's deadline. */
  static ReservationPort create(Pool pool, PgTransactions transactions, AppConfig config) {
    return new ReservationRepository(pool, transactions, new OutboxWriter(config));
  }

  /** The concert a reservation is of, and whether it is sold through its own room only (the room rule's input). */
  record SoldThrough(long concertId, boolean ownRoom) {}

  /** A reservation just marked PAID, with its concert's room, read by the same statement. */
  record MarkedPaid(Reservation reservation, SoldThrough room) {}

  /** Why a payment changed nothing, with the room of the reservation's concert (empty: no such reservation). */
  record NotPayable(ApiException problem, Optional<SoldThrough> room) {}

  /**
   * HELD → PAID, only for its owner, while still held and before {@code held_until} (Postgres's
   * clock); the row lock orders it against the expiry sweeper and cancellation. Empty: not payable.
   * The same statement reads the concert's room, so that the payment's room rule costs no round trip.
   */
  Future<Optional<MarkedPaid>> markPaid(SqlConnection tx, UUID reservationId, UUID userId);

  /** Why {@code userId} cannot pay it: 404 (none, or not theirs), RESERVATION_EXPIRED or RESERVATION_NOT_HELD. */
  Future<NotPayable> whyNotPayable(SqlConnection tx, UUID reservationId, UUID userId);

  /** The paid reservation's seats and its {@code PaymentCompleted} event, in the same transaction. */
  Future<Void> recordPaid(SqlConnection tx, Reservation paid, Instant at);

  /**
   * PAID → REFUNDED, only for its owner and while its date starts more than {@code cutoffHours}
   * from now (null: whatever the cutoff, a cancelled date's refund); the row lock lets one of
   * concurrent refunds through. Empty: not refundable.
   */
  Future<Optional<Reservation>> markRefunded(SqlConnection tx, UUID reservationId, UUID userId, Integer cutoffHours);

  /** Why {@code userId} cannot have it refunded: 404, RESERVATION_NOT_PAID or REFUND_WINDOW_CLOSED. */
  Future<ApiException> whyNotRefundable(SqlConnection tx, UUID reservationId, UUID userId, Integer cutoffHours);

  /** A reservation and its owner. */
  record Owned(UUID reservationId, UUID userId) {}

  /**
   * A cancelled date's holds end: up to {@code limit} HELD reservations of the schedule become
   * CANCELLED with their seats and {@code ReservationCancelled} events (rows a payment has locked are
   * skipped). The caller frees their seats in Redis after the commit.
   */
  Future<List<Reservation>> cancelHoldsOf(SqlConnection tx, long scheduleId, int limit, Instant now);

  /** Up to {@code limit} PAID reservations of the schedule, in no particular order. */
  Future<List<Owned>> paidOf(SqlClient client, long scheduleId, int limit);

  /** The refunded reservation's seats (free again for the unique index) and its {@code ReservationRefunded} event. */
  Future<Void> recordRefunded(SqlConnection tx, Reservation refunded, Instant at);
}
