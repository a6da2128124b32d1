package dev.concert.audit;

import dev.concert.app.FeatureModule;
import dev.concert.config.AppConfig;
import dev.concert.config.Role;
import dev.concert.http.HealthApi;
import dev.concert.http.Routes;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Supplier;

/** The audit, once per process: it compares Postgres's reservations with Redis's seats, so it goes with the reservation role. */
public final class AuditModule implements FeatureModule {
  private final AppConfig config;

  public AuditModule(AppConfig config) {
    this.config = config;
  }

  @Override
  public Role role() {
    return Role.RESERVATION;
  }

  @Override
  public List<Supplier<Deployable>> singletons() {
    return List.of(() -> new AuditVerticle(config));
  }

  @Override
  public void routes(Routes routes, HealthApi health, Vertx vertx) {
    AuditApi.register(routes, vertx, config.adminKey());
  }
}
