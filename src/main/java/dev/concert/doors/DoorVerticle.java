package dev.concert.doors;

import dev.concert.config.AppConfig;
import dev.concert.infra.PgClients;
import dev.concert.infra.PgTransactions;
import dev.concert.shared.Bus;
import dev.concert.shared.Done;
import dev.concert.tickets.CheckIn;
import dev.concert.tickets.TicketCodes;
import dev.concert.trail.Actor;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.util.UUID;

/** Door keys and the door's check-in behind the event bus (light traffic: one per process). */
public final class DoorVerticle extends VerticleBase {
  private final AppConfig config;

  public DoorVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    Pool pool = PgClients.pool(vertx, config);
    PgTransactions transactions = new PgTransactions(vertx, pool, config.deadlines());
    CheckIn checkIn = new CheckIn(new TicketCodes(config.tokenSecret()));
    Bus bus = Bus.of(vertx);
    return Future.all(
        bus.serve(DoorMessages.CREATE_KEY, request -> transactions.run(tx ->
            DoorKeys.issue(tx, request.scheduleId(), request.label()))).completion(),
        bus.serve(DoorMessages.REVOKE_KEY, request -> transactions.run(tx ->
            DoorKeys.revoke(tx, UUID.fromString(request.keyId()))).map(Done.DONE)).completion(),
        bus.serve(DoorMessages.VERIFY_KEY, request -> DoorKeys.find(pool, request.keyHash()).map(Done.DONE)).completion(),
        // The key is held (FOR SHARE) for the whole check-in: a revocation waits for it, never passes it.
        bus.serve(DoorMessages.CHECK_IN, request -> transactions.run(tx -> DoorKeys.lock(tx, request.keyHash())
            .compose(holder -> checkIn.admit(tx, request.code(), holder.scheduleId(), Actor.door(holder.keyId())))))
            .completion());
  }
}
