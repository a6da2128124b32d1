package dev.concert.balance;

import dev.concert.app.FeatureModule;
import dev.concert.config.AppConfig;
import dev.concert.config.Role;
import dev.concert.http.HealthApi;
import dev.concert.http.Routes;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Supplier;

/** Balances and their ledger, on every loop of the payment role. */
public final class BalanceModule implements FeatureModule {
  private final AppConfig config;

  public BalanceModule(AppConfig config) {
    this.config = config;
  }

  @Override
  public Role role() {
    return Role.PAYMENT;
  }

  @Override
  public List<Supplier<Deployable>> perEventLoop() {
    return List.of(() -> new BalanceVerticle(config));
  }

  @Override
  public void routes(Routes routes, HealthApi health, Vertx vertx) {
    BalanceApi.register(routes, vertx);
    LedgerApi.register(routes, vertx);
  }
}
