package dev.concert.trail;

import dev.concert.shared.Address;
import dev.concert.shared.BusMessage;
import io.vertx.core.json.JsonObject;

/** What the HTTP side asks {@link TrailVerticle}; the reply is the HTTP body as is. */
public final class TrailMessages {
  private TrailMessages() {}

  /** A page of the trail, newest first; {@code after} null for the first. */
  public record ActionPage(int limit, String after) implements BusMessage {}

  public static final Address<ActionPage, JsonObject> ACTIONS = Address.of("trail.actions", ActionPage.class, JsonObject.class);
}
