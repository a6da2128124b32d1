package dev.concert.trail;

import dev.concert.app.FeatureModule;
import dev.concert.config.AppConfig;
import dev.concert.config.Role;
import dev.concert.http.HealthApi;
import dev.concert.http.Routes;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Supplier;

/**
 * The operators' trail as read by operators (light traffic: once per process, with the concerts).
 * Its writes need no verticle: each feature records its operators' writes in its own transaction.
 */
public final class TrailModule implements FeatureModule {
  private final AppConfig config;

  public TrailModule(AppConfig config) {
    this.config = config;
  }

  @Override
  public Role role() {
    return Role.CONCERT;
  }

  @Override
  public List<Supplier<Deployable>> singletons() {
    return List.of(() -> new TrailVerticle(config));
  }

  @Override
  public void routes(Routes routes, HealthApi health, Vertx vertx) {
    TrailApi.register(routes, vertx, config.adminKey());
  }
}
