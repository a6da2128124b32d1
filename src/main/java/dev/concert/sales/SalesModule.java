package dev.concert.sales;

import dev.concert.app.FeatureModule;
import dev.concert.config.AppConfig;
import dev.concert.config.Role;
import dev.concert.http.HealthApi;
import dev.concert.http.Routes;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Supplier;

/** The sales consumer (serial rounds, one per process) and the sales report. */
public final class SalesModule implements FeatureModule {
  private final AppConfig config;

  public SalesModule(AppConfig config) {
    this.config = config;
  }

  @Override
  public Role role() {
    return Role.SALES;
  }

  @Override
  public List<Supplier<Deployable>> singletons() {
    return List.of(() -> new SalesConsumerVerticle(config), () -> new SalesReportVerticle(config));
  }

  @Override
  public void routes(Routes routes, HealthApi health, Vertx vertx) {
    SalesApi.register(routes, vertx, config.adminKey());
  }
}
