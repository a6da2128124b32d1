package dev.concert.balance;

import dev.concert.buyers.ChargeLimit;
import dev.concert.idempotency.IdempotencyKeys;
import dev.concert.idempotency.Outcome;
import dev.concert.infra.PgTransactions;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.Optional;
import java.util.UUID;

/** Reading and charging balances. */
public final class BalanceService {
  private final Pool pool;
  private final PgTransactions transactions;
  private final BalanceRepository balances;
  private final IdempotencyKeys keys;
  private final ChargeLimit limit;

  public BalanceService(Pool pool, PgTransactions transactions, BalanceRepository balances, IdempotencyKeys keys,
      ChargeLimit limit) {
    this.pool = pool;
    this.transactions = transactions;
    this.balances = balances;
    this.keys = keys;
    this.limit = limit;
  }

  public Future<JsonObject> balance(UUID userId) {
    return balances.find(pool, userId).map(balance -> body(userId, balance));
  }

  /**
   * Charges once per Idempotency-Key ({@code key} may be null: then the charge alone, one statement
   * with a deadline). Each charge counts against the user's rate limit first, except the replay of
   * a stored outcome, which does nothing and so is answered without counting (when the limit is on,
   * a keyed charge therefore looks its key up first).
   */
  public Future<Outcome> charge(UUID userId, long amount, String key) {
    Money.requireChargeAmount(amount);
    if (key == null) {
      return counted(userId).compose(allowed -> transactions.single(connection -> charge(connection, userId, amount)));
    }
    IdempotencyKeys.Keyed keyed = IdempotencyKeys.Keyed.of(userId, key, "charge", Long.toString(amount));
    Future<Optional<Outcome>> replay = limit.on() ? keys.lookup(keyed) : Future.succeededFuture(Optional.empty());
    return replay.compose(stored -> stored.isPresent()
        ? Future.succeededFuture(stored.get())
        : counted(userId).compose(allowed -> keys.once(keyed, tx -> charge(tx, userId, amount))));
  }

  private Future<Void> counted(UUID userId) {
    return limit.on() ? limit.acquire(userId) : Future.succeededFuture();
  }

  private Future<Outcome> charge(SqlClient client, UUID userId, long amount) {
    return balances.charge(client, userId, amount).map(after -> after
        .map(balance -> Outcome.success(200, body(userId, balance)))
        .orElseGet(() -> Outcome.failure(new ApiException(ErrorCode.BALANCE_LIMIT_EXCEEDED,
            "amount: the balance would pass " + Money.BALANCE_CEILING))));
  }

  static JsonObject body(UUID userId, long balance) {
    return new JsonObject().put("userId", userId.toString()).put("balance", balance);
  }
}
