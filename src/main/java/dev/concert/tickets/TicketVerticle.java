package dev.concert.tickets;

import dev.concert.config.AppConfig;
import dev.concert.infra.PgClients;
import dev.concert.shared.Bus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Check-in at the door behind the event bus. */
public final class TicketVerticle extends VerticleBase {
  private final AppConfig config;

  public TicketVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    CheckIn checkIn = new CheckIn(PgClients.pool(vertx, config), new TicketCodes(config.tokenSecret()));
    return Bus.of(vertx).serve(TicketMessages.CHECK_IN, request -> checkIn.admit(request.code())).completion();
  }
}
