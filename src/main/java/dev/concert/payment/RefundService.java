package dev.concert.payment;

import dev.concert.balance.BalancePort;
import dev.concert.idempotency.IdempotencyKeys;
import dev.concert.idempotency.Outcome;
import dev.concert.reservation.Reservation;
import dev.concert.reservation.ReservationPort;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import dev.concert.tickets.TicketRecords;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A refund, the payment's mirror, in one Postgres transaction: PAID → REFUNDED (only the owner's,
 * only before the cutoff; the row lock lets exactly one of concurrent refunds through), the credit
 * with its ledger entry, the seats (which leaves them free for the partial unique index), the
 * tickets voided (none of them used at the door, else nothing happens), the ReservationRefunded outbox event and the record of seats to free in Redis.
 * After the commit the seats are freed in Redis.
 */
public final class RefundService {
  private final BalancePort balances;
  private final ReservationPort reservations;
  private final IdempotencyKeys keys;
  private final SeatReturns seatReturns;
  private final int cutoffHours;
  private final Function<Reservation, Future<Void>> afterCommit;
  private final Clock clock;

  public RefundService(BalancePort balances, ReservationPort reservations, IdempotencyKeys keys,
      SeatReturns seatReturns, int cutoffHours, Function<Reservation, Future<Void>> afterCommit, Clock clock) {
    this.balances = balances;
    this.reservations = reservations;
    this.keys = keys;
    this.seatReturns = seatReturns;
    this.cutoffHours = cutoffHours;
    this.afterCommit = afterCommit;
    this.clock = clock;
  }

  /** Refunds once; with a key, once per key (a replay answers the first outcome, doing nothing). */
  public Future<Outcome> refund(UUID userId, UUID reservationId, String key) {
    AtomicReference<Reservation> refunded = new AtomicReference<>();
    // With or without a key, in a transaction with the request's deadline (PgTransactions).
    Future<Outcome> outcome = keys.onceIfKeyed(userId, key, "refund", reservationId.toString(),
        tx -> refundIn(tx, userId, reservationId, cutoffHours, NOTHING_MORE, refunded));
    return afterCommit(outcome, refunded);
  }

  /**
   * The refund of a cancelled date's reservation: whatever the cutoff, no key; {@code alsoIn} runs in
   * the same transaction after the refund (a failure there undoes the refund).
   */
  public Future<Outcome> refundCancelled(UUID userId, UUID reservationId, Function<SqlConnection, Future<Void>> alsoIn) {
    AtomicReference<Reservation> refunded = new AtomicReference<>();
    Future<Outcome> outcome = keys.onceIfKeyed(userId, null, "refund", reservationId.toString(),
        tx -> refundIn(tx, userId, reservationId, null, alsoIn, refunded));
    return afterCommit(outcome, refunded);
  }

  private static final Function<SqlConnection, Future<Void>> NOTHING_MORE = tx -> Future.succeededFuture();

  /** Only a committed refund goes on to Redis (an OUTCOME_UNKNOWN answer is an outcome too). */
  private Future<Outcome> afterCommit(Future<Outcome> outcome, AtomicReference<Reservation> refunded) {
    return outcome.compose(o -> refunded.get() == null || !o.succeeded() ? Future.succeededFuture(o) : afterCommit.apply(refunded.get()).map(o));
  }

  private Future<Outcome> refundIn(SqlConnection tx, UUID userId, UUID reservationId, Integer cutoff,
      Function<SqlConnection, Future<Void>> alsoIn, AtomicReference<Reservation> done) {
    // The savepoint lets a ticket used at the door undo PAID → REFUNDED while the key's outcome still commits.
    return tx.query("SAVEPOINT refund").execute()
        .compose(saved -> reservations.markRefunded(tx, reservationId, userId, cutoff))
        .compose(marked -> {
          if (marked.isEmpty()) {
            return reservations.whyNotRefundable(tx, reservationId, userId, cutoff).map(Outcome::failure);
          }
          Reservation refunded = marked.get();
          return TicketRecords.voidAll(tx, refunded.id()).compose(used -> used
              // No refund for a ticket used at the door (a check-in that committed first).
              ? tx.query("ROLLBACK TO SAVEPOINT refund").execute().map(undone -> Outcome.failure(new ApiException(
                  ErrorCode.REFUND_WINDOW_CLOSED, "a ticket of reservation " + reservationId + " was used at the door")))
              : settle(tx, userId, refunded, done).compose(settled -> alsoIn.apply(tx).map(settled)));
        });
  }

  private Future<Outcome> settle(SqlConnection tx, UUID userId, Reservation refunded, AtomicReference<Reservation> done) {
    return balances.creditRefund(tx, userId, refunded.amount(), refunded.id())
        .compose(credited -> reservations.recordRefunded(tx, refunded, clock.instant()))
        .compose(finished -> seatReturns.record(tx, refunded))
        .map(recorded -> {
          done.set(refunded);
          return Outcome.success(200, refunded.toJson());
        });
  }
}
