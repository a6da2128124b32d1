package dev.concert.sales;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.UUID;

/**
 * What an event adds to its schedule's sales: a PaymentCompleted its seats, its amount and one
 * payment; a ReservationRefunded takes its seats and amount away again and counts one refund. A
 * reservation is paid at most once and refunded at most once, so (reservation, type) names the
 * event for deduplication, whatever its eventId.
 */
public record Sale(UUID reservationId, String eventType, long scheduleId, int seats, long amount, int payments,
    int refunds) {
  static final String PAYMENT_COMPLETED = "PaymentCompleted";
  static final String RESERVATION_REFUNDED = "ReservationRefunded";

  /** A payment. */
  public Sale(UUID reservationId, long scheduleId, int seats, long amount) {
    this(reservationId, PAYMENT_COMPLETED, scheduleId, seats, amount, 1, 0);
  }

  /** A refund of a payment of {@code seats} seats and {@code amount}. */
  public static Sale refund(UUID reservationId, long scheduleId, int seats, long amount) {
    return new Sale(reservationId, RESERVATION_REFUNDED, scheduleId, -seats, -amount, 0, 1);
  }

  /**
   * Reads an event value (docs/contract.md, "Events"); empty for events of other types. Fails on a value that
   * is not a well-formed PaymentCompleted, which the consumer logs and skips.
   */
  public static Optional<Sale> fromEvent(String value) {
    JsonObject event;
    try {
      event = new JsonObject(value);
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("event is not a JSON object", e);
    }
    String type = event.getString("type");
    boolean refund = RESERVATION_REFUNDED.equals(type);
    if (!PAYMENT_COMPLETED.equals(type) && !refund) {
      return Optional.empty();
    }
    try {
      String reservationId = event.getString("reservationId");
      Long scheduleId = event.getLong("scheduleId");
      JsonArray seats = event.getJsonArray("seatNumbers");
      Long amount = event.getLong("amount");
      if (reservationId == null || scheduleId == null || seats == null || seats.isEmpty() || amount == null || amount < 0) {
        throw new IllegalArgumentException(type + " lacks reservationId, scheduleId, seatNumbers or amount");
      }
      UUID id = UUID.fromString(reservationId);
      return Optional.of(refund ? refund(id, scheduleId, seats.size(), amount) : new Sale(id, scheduleId, seats.size(), amount));
    } catch (ClassCastException e) {
      throw new IllegalArgumentException(type + " has a field of the wrong type", e);
    }
  }
}
