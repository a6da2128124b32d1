package dev.concert.payment;

import dev.concert.balance.BalancePort;
import dev.concert.http.RoomRule;
import dev.concert.idempotency.IdempotencyKeys;
import dev.concert.idempotency.Outcome;
import dev.concert.infra.Resources;
import dev.concert.metrics.DomainMetrics;
import dev.concert.reservation.Reservation;
import dev.concert.reservation.ReservationPort;
import dev.concert.reservation.ReservationStatus;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import dev.concert.tickets.TicketRecords;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

/**
 * Paying a hold in one Postgres transaction: HELD → PAID (only the owner's, still held, in time),
 * the debit (only if covered), the payment row (unique per reservation), the seats and the outbox
 * event. After the commit, and before answering, the seats are marked sold in Redis and the user's token
 * is ended.
 */
public final class PaymentService {
  private static final String INSERT_PAYMENT = Resources.sql("payment/insert_payment");

  private final BalancePort balances;
  private final ReservationPort reservations;
  private final IdempotencyKeys keys;
  private final BiFunction<Reservation, String, Future<Void>> afterCommit;
  private final BiFunction<Reservation, String, Future<Void>> endSpentToken;
  private final Clock clock;

  /**
   * {@code afterCommit} follows a payment; {@code endSpentToken} follows a payment refused because
   * its token has paid already: that token is still live in Redis (its end after its own payment
   * failed, Redis being away), and the queue would hand it back to its user as their live token, one
   * that can hold but never pay, until its active time runs out. Both get the token's id.
   */
  public PaymentService(BalancePort balances, ReservationPort reservations, IdempotencyKeys keys,
      BiFunction<Reservation, String, Future<Void>> afterCommit, BiFunction<Reservation, String, Future<Void>> endSpentToken,
      Clock clock) {
    this.balances = balances;
    this.reservations = reservations;
    this.keys = keys;
    this.afterCommit = afterCommit;
    this.endSpentToken = endSpentToken;
    this.clock = clock;
  }

  /**
   * Pays once; with a key, once per key (a replay answers the first outcome, doing nothing). The
   * payment records {@code tokenId}: one token pays once (the token ends with its payment).
   * {@code tokenConcertId} is the concert whose room issued the token (null: service-wide); the
   * room rule ({@link RoomRule}) is applied to the concert the marking statement returns.
   */
  public Future<Outcome> pay(UUID userId, UUID reservationId, String key, String tokenId, Long tokenConcertId) {
    AtomicReference<Reservation> paid = new AtomicReference<>();
    AtomicReference<Reservation> spent = new AtomicReference<>();
    // With or without a key, in a transaction with the request's deadline (PgTransactions).
    Future<Outcome> outcome = keys.onceIfKeyed(userId, key, "pay", reservationId.toString(),
        tx -> payIn(tx, userId, reservationId, new Payer(tokenId, tokenConcertId), paid, spent));
    return outcome.compose(o -> {
      if (spent.get() != null) {
        return endSpentToken.apply(spent.get(), tokenId).map(o);
      }
      // Only a committed payment goes on to Redis (an OUTCOME_UNKNOWN answer is an outcome too).
      if (paid.get() == null || !o.succeeded()) {
        return Future.succeededFuture(o);
      }
      DomainMetrics.paymentsCompleted();
      return afterCommit.apply(paid.get(), tokenId).map(o);
    });
  }

  public Future<Optional<Outcome>> replay(UUID userId, UUID reservationId, String key) {
    return keys.lookup(IdempotencyKeys.Keyed.of(userId, key, "pay", reservationId.toString()));
  }

  /** The token paying: its id and the concert whose room issued it (null: the service-wide room). */
  private record Payer(String tokenId, Long concertId) {
    /**
     * A room refusal fails the transaction instead of being its outcome: everything rolls back, the
     * idempotency key included, as when the gate refused before the payment began.
     */
    Optional<Future<Outcome>> refusedIn(ReservationPort.SoldThrough room) {
      return RoomRule.refusal(concertId, room.concertId(), room.ownRoom()).map(Future::failedFuture);
    }
  }

  private Future<Outcome> payIn(SqlConnection tx, UUID userId, UUID reservationId, Payer payer,
      AtomicReference<Reservation> paid, AtomicReference<Reservation> spent) {
    String tokenId = payer.tokenId();
    // The savepoint lets a refused debit undo HELD → PAID while the key's outcome still commits.
    return tx.query("SAVEPOINT pay").execute()
        .compose(saved -> reservations.markPaid(tx, reservationId, userId))
        .compose(marked -> {
          if (marked.isEmpty()) {
            // The room rule first, as the gate answered it before the payment (of anyone's reservation).
            return reservations.whyNotPayable(tx, reservationId, userId).compose(why -> why.room()
                .flatMap(payer::refusedIn).orElseGet(() -> Future.succeededFuture(Outcome.failure(why.problem()))));
          }
          Optional<Future<Outcome>> refused = payer.refusedIn(marked.get().room());
          if (refused.isPresent()) {
            return refused.get();
          }
          Reservation reservation = marked.get().reservation();
          return balances.debitPayment(tx, userId, reservation.amount(), reservationId).compose(balance -> {
            if (balance.isEmpty()) {
              return tx.query("ROLLBACK TO SAVEPOINT pay").execute().map(undone -> Outcome.failure(new ApiException(
                  ErrorCode.INSUFFICIENT_BALANCE, "the balance does not cover " + reservation.amount())));
            }
            UUID paymentId = UUID.randomUUID();
            Reservation sold = reservation.withStatus(ReservationStatus.PAID);
            return tx.preparedQuery(INSERT_PAYMENT)
                .execute(Tuple.of(paymentId, reservationId, userId, reservation.amount(), tokenId))
                .compose(inserted -> inserted.size() == 0
                    ? tx.query("ROLLBACK TO SAVEPOINT pay").execute().map(undone -> {
                      spent.set(reservation);
                      return Outcome.failure(new ApiException(
                          ErrorCode.TOKEN_EXPIRED, "this queue token has already paid; its payment ended it"));
                    })
                    : TicketRecords.issue(tx, reservationId, sold.scheduleId(), sold.seatNumbers())
                    .compose(tickets -> reservations.recordPaid(tx, sold, clock.instant())
                    .map(done -> {
                      paid.set(sold);
                      return Outcome.success(201, new PaymentReceipt(paymentId, reservationId, userId,
                          reservation.amount(), balance.get(),
                          inserted.iterator().next().getOffsetDateTime("paid_at").toInstant()).toJson());
                    })));
          });
        });
  }
}
