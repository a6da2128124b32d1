package dev.concert.balance;

import dev.concert.buyers.ChargeLimit;
import dev.concert.config.AppConfig;
import dev.concert.idempotency.IdempotencyKeys;
import dev.concert.idempotency.Outcome;
import dev.concert.infra.PgClients;
import dev.concert.infra.PgTransactions;
import dev.concert.infra.RedisClients;
import dev.concert.ratelimit.RateLimiter;
import dev.concert.shared.Bus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.UUID;

/** Balances behind the event bus: read, charge and the ledger's pages. Deployed with the payment role. */
public final class BalanceVerticle extends VerticleBase {
  public static final String BALANCE = "balance.get";
  public static final String CHARGE = "balance.charge";
  public static final String TRANSACTIONS = "balance.transactions";

  private final AppConfig config;

  public BalanceVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    Pool pool = PgClients.pool(vertx, config);
    PgTransactions transactions = new PgTransactions(vertx, pool, config.deadlines());
    ChargeLimit limit = new ChargeLimit(new RateLimiter(RedisClients.pipelined(vertx, config)),
        config.buyers().rateChargesPerMinute());
    BalanceService balances = new BalanceService(pool, transactions, new BalanceRepository(),
        new IdempotencyKeys(pool, transactions), limit);
    Ledger ledger = new Ledger(pool);
    return Future.all(
        Bus.serve(vertx, BALANCE, request -> balances.balance(user(request))).completion(),
        Bus.serve(vertx, CHARGE, request -> balances.charge(user(request), request.getLong("amount"),
            request.getString("idempotencyKey")).compose(Outcome::toReply)).completion(),
        Bus.serve(vertx, TRANSACTIONS, request -> ledger.page(user(request), request.getInteger("limit"),
            request.getString("after"))).completion());
  }

  private static UUID user(JsonObject request) {
    return UUID.fromString(request.getString("userId"));
  }
}
