package dev.concert.outbox;

import dev.concert.app.FeatureModule;
import dev.concert.config.AppConfig;
import dev.concert.config.Role;
import dev.concert.http.HealthApi;
import dev.concert.http.Routes;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Supplier;

/** The outbox relay to Kafka (one per process: it works in serial rounds) and its readiness figures. */
public final class OutboxModule implements FeatureModule {
  private final AppConfig config;

  public OutboxModule(AppConfig config) {
    this.config = config;
  }

  @Override
  public Role role() {
    return Role.RELAY;
  }

  @Override
  public List<Supplier<Deployable>> singletons() {
    return List.of(() -> new OutboxRelayVerticle(config));
  }

  @Override
  public void routes(Routes routes, HealthApi health, Vertx vertx) {
    health.check("outbox", OutboxStatus.healthCheck(vertx));
  }
}
