package dev.concert.venues;

import dev.concert.config.AppConfig;
import dev.concert.infra.PgClients;
import dev.concert.shared.Bus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

/** Creates and reads venues on the event bus (deployed with the concert role). */
public final class VenueVerticle extends VerticleBase {
  public static final String CREATE = "venues.create";
  public static final String GET = "venues.get";

  private final AppConfig config;

  public VenueVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    Pool pool = PgClients.pool(vertx, config);
    VenueRepository repository = new VenueRepository(pool);
    VenueCatalog catalog = new VenueCatalog(repository);
    return Future.all(
        Bus.serve(vertx, CREATE, request -> repository.create(NewVenue.fromJson(request))
            .onSuccess(catalog::remember).map(venue -> venue.toJson(false))).completion(),
        Bus.serve(vertx, GET, request -> catalog.require(request.getLong("venueId"))
            .map(venue -> venue.toJson(true))).completion());
  }

  /** The request of a venue read. */
  static JsonObject get(long venueId) {
    return new JsonObject().put("venueId", venueId);
  }
}
