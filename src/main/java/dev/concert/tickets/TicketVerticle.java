package dev.concert.tickets;

import dev.concert.config.AppConfig;
import dev.concert.infra.PgClients;
import dev.concert.shared.Bus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Check-in at the door behind the event bus. */
public final class TicketVerticle extends VerticleBase {
  public static final String CHECK_IN = "tickets.check-in";

  private final AppConfig config;

  public TicketVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    CheckIn checkIn = new CheckIn(PgClients.pool(vertx, config), new TicketCodes(config.tokenSecret()));
    return Bus.serve(vertx, CHECK_IN, request -> checkIn.admit(request.getString("code"))).completion();
  }
}
