package dev.concert.cancellation;

import dev.concert.app.FeatureModule;
import dev.concert.config.AppConfig;
import dev.concert.config.Role;
import dev.concert.http.HealthApi;
import dev.concert.http.Routes;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Supplier;

/** Cancelling a date: the operator's request and progress, and the job that refunds (payment role: it refunds). */
public final class CancellationModule implements FeatureModule {
  private final AppConfig config;

  public CancellationModule(AppConfig config) {
    this.config = config;
  }

  @Override
  public Role role() {
    return Role.PAYMENT;
  }

  @Override
  public List<Supplier<Deployable>> singletons() {
    return List.of(() -> new CancellationVerticle(config), () -> new CancellationJobVerticle(config));
  }

  @Override
  public void routes(Routes routes, HealthApi health, Vertx vertx) {
    CancellationApi.register(routes, vertx, config.adminKey());
  }
}
