package dev.concert.sales;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.UUID;

/** What a PaymentCompleted event adds to its schedule's sales: its seats and its amount. */
public record Sale(UUID eventId, long scheduleId, int seats, long amount) {
  static final String PAYMENT_COMPLETED = "PaymentCompleted";

  /**
   * Reads an event value (API.md "Events"); empty for events of other types. Fails on a value that
   * is not a well-formed PaymentCompleted, which the consumer logs and skips.
   */
  public static Optional<Sale> fromEvent(String value) {
    JsonObject event;
    try {
      event = new JsonObject(value);
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("event is not a JSON object", e);
    }
    if (!PAYMENT_COMPLETED.equals(event.getString("type"))) {
      return Optional.empty();
    }
    try {
      String eventId = event.getString("eventId");
      Long scheduleId = event.getLong("scheduleId");
      JsonArray seats = event.getJsonArray("seatNumbers");
      Long amount = event.getLong("amount");
      if (eventId == null || scheduleId == null || seats == null || seats.isEmpty() || amount == null || amount < 0) {
        throw new IllegalArgumentException("PaymentCompleted lacks eventId, scheduleId, seatNumbers or amount");
      }
      return Optional.of(new Sale(UUID.fromString(eventId), scheduleId, seats.size(), amount));
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("PaymentCompleted has a field of the wrong type", e);
    }
  }
}
