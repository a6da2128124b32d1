package dev.concert.payment;

import dev.concert.app.FeatureModule;
import dev.concert.config.AppConfig;
import dev.concert.config.Role;
import dev.concert.http.HealthApi;
import dev.concert.http.Routes;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Supplier;

/** Payments and refunds on every loop; the sweeper that frees refunded seats once per process (a timer). */
public final class PaymentModule implements FeatureModule {
  private final AppConfig config;

  public PaymentModule(AppConfig config) {
    this.config = config;
  }

  @Override
  public Role role() {
    return Role.PAYMENT;
  }

  @Override
  public List<Supplier<Deployable>> singletons() {
    return List.of(() -> new SeatReturnVerticle(config));
  }

  @Override
  public List<Supplier<Deployable>> perEventLoop() {
    return List.of(() -> new PaymentVerticle(config));
  }

  @Override
  public void routes(Routes routes, HealthApi health, Vertx vertx) {
    PaymentApi.register(routes, vertx);
    RefundApi.register(routes, vertx);
  }
}
