package dev.concert.queue;

import dev.concert.shared.Address;
import dev.concert.shared.BusMessage;
import io.vertx.core.json.JsonObject;

/** What the HTTP side (and the operators' streams) and {@link RoomControlsVerticle} say; the replies are the HTTP bodies as is. */
public final class RoomControlsMessages {
  private RoomControlsMessages() {}

  /** Apply {@code change} to the room of {@code concertId}. */
  public record Change(long concertId, ControlsChange change) implements BusMessage {}

  /** The room of {@code concertId} as its operators see it. */
  public record RoomOf(long concertId) implements BusMessage {}

  static final Address<Change, JsonObject> CHANGE = Address.of("queue.room-controls.change", Change.class, JsonObject.class);
  static final Address<RoomOf, JsonObject> REPORT = Address.of("queue.room-controls.report", RoomOf.class, JsonObject.class);
}
