package dev.concert.venues;

import dev.concert.shared.Address;
import dev.concert.shared.BusMessage;
import io.vertx.core.json.JsonObject;

/** What the HTTP side and {@link VenueVerticle} say to each other; replies are the HTTP bodies as is. */
public final class VenueMessages {
  private VenueMessages() {}

  /** The venue {@code venueId}, rows included. */
  public record VenueById(long venueId) implements BusMessage {}

  public static final Address<NewVenue, JsonObject> CREATE = Address.of("venues.create", NewVenue.class, JsonObject.class);
  public static final Address<VenueById, JsonObject> GET = Address.of("venues.get", VenueById.class, JsonObject.class);
}
