package dev.concert.venues;

import dev.concert.config.AppConfig;
import dev.concert.infra.PgClients;
import dev.concert.shared.Bus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;

/** Creates and reads venues on the event bus (deployed where the concert role runs). */
public final class VenueVerticle extends VerticleBase {
  private final AppConfig config;

  public VenueVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    Pool pool = PgClients.pool(vertx, config);
    VenueRepository repository = new VenueRepository(pool);
    VenueCatalog catalog = new VenueCatalog(repository);
    Bus bus = Bus.of(vertx);
    return Future.all(
        bus.serve(VenueMessages.CREATE, venue -> repository.create(venue)
            .onSuccess(catalog::remember).map(created -> created.toJson(false))).completion(),
        bus.serve(VenueMessages.GET, request -> catalog.require(request.venueId())
            .map(venue -> venue.toJson(true))).completion());
  }
}
