package dev.concert.doors;

import dev.concert.app.FeatureModule;
import dev.concert.config.AppConfig;
import dev.concert.config.Role;
import dev.concert.http.HealthApi;
import dev.concert.http.Routes;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Supplier;

/** Door keys and the door's check-in, once per process of the payment role, with the tickets they check in. */
public final class DoorModule implements FeatureModule {
  private final AppConfig config;

  public DoorModule(AppConfig config) {
    this.config = config;
  }

  @Override
  public Role role() {
    return Role.PAYMENT;
  }

  @Override
  public List<Supplier<Deployable>> singletons() {
    return List.of(() -> new DoorVerticle(config));
  }

  @Override
  public void routes(Routes routes, HealthApi health, Vertx vertx) {
    DoorApi.register(routes, vertx, config.adminKey());
  }
}
