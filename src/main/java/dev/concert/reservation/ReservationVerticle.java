package dev.concert.reservation;

import dev.concert.config.AppConfig;
import dev.concert.shared.Bus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/** PLACEHOLDER shell until its issue lands: deployed, answers ping on the event bus. */
public final class ReservationVerticle extends VerticleBase {
  public static final String PING = "reservation.ping";
  private final AppConfig config;

  public ReservationVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    return Bus.serve(vertx, PING, request -> Future.succeededFuture(new JsonObject().put("pong", true))).completion();
  }
}
