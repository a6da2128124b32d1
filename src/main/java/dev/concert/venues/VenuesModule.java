package dev.concert.venues;

import dev.concert.app.FeatureModule;
import dev.concert.config.AppConfig;
import dev.concert.config.Role;
import dev.concert.http.AdminKeyCheck;
import dev.concert.http.HealthApi;
import dev.concert.http.Routes;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Supplier;

/**
 * Venues (halls' layouts) go with concerts: a venue is read when its dates are created, sold and
 * shown, so it runs where the concert role runs; no role of its own.
 */
public final class VenuesModule implements FeatureModule {
  private final AppConfig config;

  public VenuesModule(AppConfig config) {
    this.config = config;
  }

  @Override
  public Role role() {
    return Role.CONCERT;
  }

  @Override
  public List<Supplier<Deployable>> perEventLoop() {
    return List.of(() -> new VenueVerticle(config));
  }

  @Override
  public void routes(Routes routes, HealthApi health, Vertx vertx) {
    VenueApi.register(routes, vertx, AdminKeyCheck.of(config.adminKey()));
  }
}
