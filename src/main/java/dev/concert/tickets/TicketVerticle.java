package dev.concert.tickets;

import dev.concert.config.AppConfig;
import dev.concert.infra.PgClients;
import dev.concert.infra.PgTransactions;
import dev.concert.shared.Bus;
import dev.concert.trail.Actor;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** The admin's check-in at the door behind the event bus. */
public final class TicketVerticle extends VerticleBase {
  private final AppConfig config;

  public TicketVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    CheckIn checkIn = new CheckIn(new TicketCodes(config.tokenSecret()));
    PgTransactions transactions = new PgTransactions(vertx, PgClients.pool(vertx, config), config.deadlines());
    return Bus.of(vertx).serve(TicketMessages.CHECK_IN, request -> transactions.run(tx ->
        checkIn.admit(tx, request.code(), request.scheduleId(), Actor.ADMIN))).completion();
  }
}
