package dev.concert.reservation;

import dev.concert.config.AppConfig;
import dev.concert.infra.PgTransactions;
import dev.concert.outbox.OutboxWriter;
import dev.concert.shared.ApiException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
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

  /**
   * HELD → PAID, only for its owner, while still held and before {@code held_until} (Postgres's
   * clock); the row lock orders it against the expiry sweeper and cancellation. Empty: not payable.
   */
  Future<Optional<Reservation>> markPaid(SqlConnection tx, UUID reservationId, UUID userId);

  /** Why {@code userId} cannot pay it: 404 (none, or not theirs), RESERVATION_EXPIRED or RESERVATION_NOT_HELD. */
  Future<ApiException> whyNotPayable(SqlConnection tx, UUID reservationId, UUID userId);

  /** The paid reservation's seats and its {@code PaymentCompleted} event, in the same transaction. */
  Future<Void> recordPaid(SqlConnection tx, Reservation paid, Instant at);

  /**
   * PAID → REFUNDED, only for its owner and while its date starts more than {@code cutoffHours}
   * from now; the row lock lets one of concurrent refunds through. Empty: not refundable.
   */
  Future<Optional<Reservation>> markRefunded(SqlConnection tx, UUID reservationId, UUID userId, int cutoffHours);

  /** Why {@code userId} cannot have it refunded: 404, RESERVATION_NOT_PAID or REFUND_WINDOW_CLOSED. */
  Future<ApiException> whyNotRefundable(SqlConnection tx, UUID reservationId, UUID userId, int cutoffHours);

  /** The refunded reservation's seats (free again for the unique index) and its {@code ReservationRefunded} event. */
  Future<Void> recordRefunded(SqlConnection tx, Reservation refunded, Instant at);
}
