package dev.concert.doors;

import dev.concert.config.AppConfig;
import dev.concert.infra.PgClients;
import dev.concert.infra.PgTransactions;
import dev.concert.shared.Bus;
import dev.concert.tickets.CheckIn;
import dev.concert.tickets.TicketCodes;
import dev.concert.trail.Actor;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.UUID;

/**
 * Door keys and the door's check-in behind the event bus (light traffic: one per process). Keys
 * arrive here already hashed: the key itself never crosses the bus.
 */
public final class DoorVerticle extends VerticleBase {
  public static final String CREATE_KEY = "doors.create-key";
  public static final String REVOKE_KEY = "doors.revoke-key";
  public static final String VERIFY_KEY = "doors.verify-key";
  public static final String CHECK_IN = "doors.check-in";

  private final AppConfig config;

  public DoorVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    Pool pool = PgClients.pool(vertx, config);
    PgTransactions transactions = new PgTransactions(vertx, pool, config.deadlines());
    CheckIn checkIn = new CheckIn(new TicketCodes(config.tokenSecret()));
    return Future.all(
        Bus.serve(vertx, CREATE_KEY, request -> transactions.run(tx ->
            DoorKeys.issue(tx, request.getLong("scheduleId"), request.getString("label")))).completion(),
        Bus.serve(vertx, REVOKE_KEY, request -> transactions.run(tx ->
            DoorKeys.revoke(tx, UUID.fromString(request.getString("keyId")))).map(revoked -> new JsonObject())).completion(),
        Bus.serve(vertx, VERIFY_KEY, request -> DoorKeys.find(pool, request.getString("keyHash"))
            .map(DoorVerticle::described)).completion(),
        // The key is held (FOR SHARE) for the whole check-in: a revocation waits for it, never passes it.
        Bus.serve(vertx, CHECK_IN, request -> transactions.run(tx -> DoorKeys.lock(tx, request.getString("keyHash"))
            .compose(holder -> checkIn.admit(tx, request.getString("code"), holder.scheduleId(),
                Actor.door(holder.keyId()))))).completion());
  }

  private static JsonObject described(DoorKeys.Holder holder) {
    return new JsonObject().put("keyId", holder.keyId().toString()).put("scheduleId", holder.scheduleId());
  }
}
