package dev.concert.trail;

import dev.concert.config.AppConfig;
import dev.concert.infra.PgClients;
import dev.concert.shared.Bus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** The trail's read side behind the event bus (administration traffic: one per process). */
public final class TrailVerticle extends VerticleBase {
  private final AppConfig config;

  public TrailVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    ActionLog log = new ActionLog(PgClients.pool(vertx, config));
    return Bus.of(vertx).serve(TrailMessages.ACTIONS, request -> log.page(request.limit(), request.after())).completion();
  }
}
