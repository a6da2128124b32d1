package dev.concert.tickets;

import dev.concert.shared.Address;
import dev.concert.shared.BusMessage;
import io.vertx.core.json.JsonObject;

/** What the HTTP side asks {@link TicketVerticle}; the reply is the HTTP body as is. */
public final class TicketMessages {
  private TicketMessages() {}

  /**
   * Admit the holder of the ticket {@code code} (its signed text); {@code scheduleId}: the only date
   * to admit, or null for any.
   */
  public record CheckIn(String code, Long scheduleId) implements BusMessage {}

  public static final Address<CheckIn, JsonObject> CHECK_IN = Address.of("tickets.check-in", CheckIn.class, JsonObject.class);
}
