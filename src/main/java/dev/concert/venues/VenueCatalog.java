package dev.concert.venues;

import dev.concert.shared.ApiException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Venues by id, cached in process for good: a layout never changes once created, so a hot path
 * (seat map, hold) reads Postgres once per venue and process. What other features (concert) use.
 */
public final class VenueCatalog {
  private final VenueRepository repository;
  private final Map<Long, Venue> cache = new ConcurrentHashMap<>();

  public VenueCatalog(VenueRepository repository) {
    this.repository = repository;
  }

  public static VenueCatalog on(Pool pool) {
    return new VenueCatalog(new VenueRepository(pool));
  }

  /** The venue, or a failed future with NOT_FOUND. */
  public Future<Venue> require(long venueId) {
    Venue cached = cache.get(venueId);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return repository.find(venueId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(ApiException.notFound("No venue " + venueId));
      }
      cache.put(venueId, found.get());
      return Future.succeededFuture(found.get());
    });
  }

  public void remember(Venue venue) {
    cache.put(venue.id(), venue);
  }
}
