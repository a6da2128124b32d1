package dev.concert.balance;

import dev.concert.infra.Resources;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;

/** Balances in Postgres; every change is one conditional statement, on a pool or in a transaction (BalancePort's). */
final class BalanceRepository implements BalancePort {
  private static final String CHARGE = Resources.sql("balance/charge");
  private static final String FIND = Resources.sql("balance/find_balance");
  private static final String DEBIT = Resources.sql("balance/debit");
  private static final String CREDIT = Resources.sql("balance/credit");

  /** The balance after the charge, or empty if it would pass the ceiling. */
  Future<Optional<Long>> charge(SqlClient client, UUID userId, long amount) {
    return client.preparedQuery(CHARGE).execute(Tuple.of(userId, amount, Money.BALANCE_CEILING, null))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong("balance")));
  }

  @Override
  public Future<Optional<Long>> debitPayment(SqlConnection tx, UUID userId, long amount, UUID reservationId) {
    return tx.preparedQuery(DEBIT).execute(Tuple.of(userId, amount, reservationId.toString()))
        .map(rows -> rows.size() == 0 ? Optional.<Long>empty() : Optional.of(rows.iterator().next().getLong("balance")))
        // A user never charged has no balance row, and may still take a free reservation.
        .compose(after -> after.isEmpty() && amount == 0 ? find(tx, userId).map(Optional::of) : Future.succeededFuture(after));
  }

  @Override
  public Future<Void> creditRefund(SqlConnection tx, UUID userId, long amount, UUID reservationId) {
    if (amount == 0) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(CREDIT).execute(Tuple.of(userId, amount, reservationId.toString())).mapEmpty();
  }

  /** A user's balance; 0 for a user never charged. */
  Future<Long> find(SqlClient client, UUID userId) {
    return client.preparedQuery(FIND).execute(Tuple.of(userId))
        .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong("balance"));
  }
}
