package dev.concert.reservation;

import dev.concert.app.FeatureModule;
import dev.concert.config.AppConfig;
import dev.concert.config.Role;
import dev.concert.http.HealthApi;
import dev.concert.http.Routes;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Supplier;

/** Seat holds on every loop; the seat rebuild and the expiry sweep once per process, before holds are served. */
public final class ReservationModule implements FeatureModule {
  private final AppConfig config;

  public ReservationModule(AppConfig config) {
    this.config = config;
  }

  @Override
  public Role role() {
    return Role.RESERVATION;
  }

  @Override
  public List<Supplier<Deployable>> singletons() {
    return List.of(() -> new ExpiryAndRecoveryVerticle(config));
  }

  @Override
  public List<Supplier<Deployable>> perEventLoop() {
    return List.of(() -> new ReservationVerticle(config));
  }

  @Override
  public void routes(Routes routes, HealthApi health, Vertx vertx) {
    ReservationApi.register(routes, vertx);
  }
}
