package dev.concert.buyers;

import dev.concert.app.FeatureModule;
import dev.concert.config.AppConfig;
import dev.concert.config.Role;
import dev.concert.http.Routes;
import dev.concert.infra.RedisClients;
import io.vertx.core.Vertx;

/** The buyer guards in front of token issue: they run in the HTTP edge itself and deploy nothing. */
public final class BuyersModule implements FeatureModule {
  private final AppConfig config;

  public BuyersModule(AppConfig config) {
    this.config = config;
  }

  @Override
  public Role role() {
    return Role.HTTP;
  }

  @Override
  public void checks(Routes routes, Vertx vertx) {
    BuyerGuards buyers = BuyerGuards.create(vertx, config.buyers(), RedisClients.pipelined(vertx, config));
    routes.check("issueQueueToken", buyers.tokenRequests());
  }
}
