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
import io.vertx.sqlclient.Pool;
import java.util.UUID;

/** Balances behind the event bus: read, charge and the ledger's pages. Deployed with the payment role. */
public final class BalanceVerticle extends VerticleBase {
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
    Bus bus = Bus.of(vertx);
    return Future.all(
        bus.serve(BalanceMessages.BALANCE, request -> balances.balance(user(request.userId()))).completion(),
        bus.serve(BalanceMessages.CHARGE, request -> balances.charge(user(request.userId()), request.amount(),
            request.idempotencyKey()).compose(Outcome::toReply)).completion(),
        bus.serve(BalanceMessages.TRANSACTIONS, request -> ledger.page(user(request.userId()), request.limit(),
            request.after())).completion());
  }

  private static UUID user(String userId) {
    return UUID.fromString(userId);
  }
}
