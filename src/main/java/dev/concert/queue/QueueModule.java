package dev.concert.queue;

import dev.concert.app.FeatureModule;
import dev.concert.config.AppConfig;
import dev.concert.config.Role;
import dev.concert.http.HealthApi;
import dev.concert.http.Routes;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Supplier;

/**
 * The waiting rooms: token requests and the operators' room controls on every loop, the openings
 * and admission tick once per process, and (on HTTP instances) the one subscription to the rooms'
 * line moves that the queue and seat streams watch.
 */
public final class QueueModule implements FeatureModule {
  private final AppConfig config;
  private LineMoves lineMoves;

  public QueueModule(AppConfig config) {
    this.config = config;
  }

  @Override
  public Role role() {
    return Role.QUEUE;
  }

  @Override
  public Future<Void> open(Vertx vertx) {
    return config.runs(Role.HTTP)
        ? LineMoves.start(vertx, config).onSuccess(moves -> lineMoves = moves).mapEmpty()
        : Future.succeededFuture();
  }

  @Override
  public Future<Void> close() {
    return lineMoves == null ? Future.succeededFuture() : lineMoves.close();
  }

  /** The instance's line moves subscription once opened (HTTP instances only, else null). */
  public LineMoves lineMoves() {
    return lineMoves;
  }

  @Override
  public List<Supplier<Deployable>> singletons() {
    return List.of(() -> new AdmissionVerticle(config));
  }

  @Override
  public List<Supplier<Deployable>> perEventLoop() {
    return List.of(() -> new QueueVerticle(config), () -> new RoomControlsVerticle(config));
  }

  @Override
  public void routes(Routes routes, HealthApi health, Vertx vertx) {
    QueueApi.register(routes, vertx, lineMoves, config.queueAbandonSeconds() * 1000L,
        config.admitIntervalMillis(), config.streams().heartbeatMillis());
    RoomControlsApi.register(routes, vertx, config.adminKey(), config.streams().heartbeatMillis());
  }
}
