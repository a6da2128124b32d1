package dev.concert.balance;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.Optional;
import java.util.UUID;

/**
 * What another feature (payment, refund) may do to a balance, inside that feature's own Postgres
 * transaction, so that the money moves in the same commit as the reservation: the balance's rules,
 * its ledger entries and its SQL stay here.
 */
public interface BalancePort {
  static BalancePort create() {
    return new BalanceRepository();
  }

  /**
   * Pays {@code amount} for {@code reservationId} (ledger entry PAYMENT): the balance after it, or
   * empty if the balance does not cover it. A free reservation needs no balance at all.
   */
  Future<Optional<Long>> debitPayment(SqlConnection tx, UUID userId, long amount, UUID reservationId);

  /** Credits a refund of {@code reservationId} back (ledger entry REFUND); a free reservation moves nothing. */
  Future<Void> creditRefund(SqlConnection tx, UUID userId, long amount, UUID reservationId);
}
