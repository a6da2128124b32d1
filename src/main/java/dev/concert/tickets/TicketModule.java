package dev.concert.tickets;

import dev.concert.app.FeatureModule;
import dev.concert.config.AppConfig;
import dev.concert.config.Role;
import dev.concert.http.HealthApi;
import dev.concert.http.Routes;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Supplier;

/** The check-in, once per process of the payment role: light traffic (the door). */
public final class TicketModule implements FeatureModule {
  private final AppConfig config;

  public TicketModule(AppConfig config) {
    this.config = config;
  }

  @Override
  public Role role() {
    return Role.PAYMENT;
  }

  @Override
  public List<Supplier<Deployable>> singletons() {
    return List.of(() -> new TicketVerticle(config));
  }

  @Override
  public void routes(Routes routes, HealthApi health, Vertx vertx) {
    TicketApi.register(routes, vertx, config.adminKey());
  }
}
