package dev.concert.balance;

import dev.concert.infra.Resources;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;

/** Balances in Postgres; every change is one conditional statement, on a pool or in a transaction. */
public final class BalanceRepository {
  private static final String CHARGE = Resources.sql("balance/charge");
  private static final String FIND = Resources.sql("balance/find_balance");
  private static final String DEBIT = Resources.sql("balance/debit");
  private static final String CREDIT = Resources.sql("balance/credit");

  /** The balance after the charge, or empty if it would pass the ceiling. */
  public Future<Optional<Long>> charge(SqlClient client, UUID userId, long amount) {
    return client.preparedQuery(CHARGE).execute(Tuple.of(userId, amount, Money.BALANCE_CEILING, null))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong("balance")));
  }

  /** The balance after the debit (ledger entry PAYMENT, {@code reference}), or empty if the balance does not cover it. */
  public Future<Optional<Long>> debit(SqlClient client, UUID userId, long amount, String reference) {
    return client.preparedQuery(DEBIT).execute(Tuple.of(userId, amount, reference))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong("balance")));
  }

  /** Credits a refund back (ledger entry REFUND, {@code reference}); the balance after it. */
  public Future<Long> credit(SqlClient client, UUID userId, long amount, String reference) {
    return client.preparedQuery(CREDIT).execute(Tuple.of(userId, amount, reference))
        .map(rows -> rows.iterator().next().getLong("balance"));
  }

  /** A user's balance; 0 for a user never charged. */
  public Future<Long> find(SqlClient client, UUID userId) {
    return client.preparedQuery(FIND).execute(Tuple.of(userId))
        .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong("balance"));
  }
}
