package dev.concert.withheld;

import dev.concert.app.FeatureModule;
import dev.concert.config.AppConfig;
import dev.concert.config.Role;
import dev.concert.http.HealthApi;
import dev.concert.http.Routes;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Supplier;

/** Withheld places, once per process of the reservation role (the role that owns the seats' rebuild). */
public final class WithheldModule implements FeatureModule {
  private final AppConfig config;

  public WithheldModule(AppConfig config) {
    this.config = config;
  }

  @Override
  public Role role() {
    return Role.RESERVATION;
  }

  @Override
  public List<Supplier<Deployable>> singletons() {
    return List.of(() -> new WithheldVerticle(config));
  }

  @Override
  public void routes(Routes routes, HealthApi health, Vertx vertx) {
    WithheldApi.register(routes, vertx, config.adminKey());
  }
}
