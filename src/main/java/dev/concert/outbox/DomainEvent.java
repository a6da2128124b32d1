package dev.concert.outbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A committed state change of a reservation, as published on Kafka (value format of docs/contract.md, "Events"). */
public record DomainEvent(
    UUID eventId,
    EventType type,
    Instant occurredAt,
    UUID reservationId,
    UUID userId,
    long scheduleId,
    List<Integer> seatNumbers,
    Long amount,
    JsonArray seats) {

  public static DomainEvent of(
      EventType type, Instant at, UUID reservationId, UUID userId, long scheduleId, List<Integer> seats, Long amount) {
    return of(type, at, reservationId, userId, scheduleId, seats, amount, null);
  }

  /** {@code places}: the places with their labels and prices (ReservationHeld, PaymentCompleted), or null. */
  public static DomainEvent of(EventType type, Instant at, UUID reservationId, UUID userId, long scheduleId,
      List<Integer> seats, Long amount, JsonArray places) {
    return new DomainEvent(UUID.randomUUID(), type, at, reservationId, userId, scheduleId, List.copyOf(seats), amount,
        places == null ? null : places.copy());
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("eventId", eventId.toString())
        .put("type", type.name())
        .put("occurredAt", occurredAt.toString())
        .put("reservationId", reservationId.toString())
        .put("userId", userId.toString())
        .put("scheduleId", scheduleId)
        .put("seatNumbers", new JsonArray(seatNumbers));
    if (amount != null) {
      json.put("amount", amount);
    }
    if (seats != null) {
      json.put("seats", seats.copy());
    }
    return json;
  }

  /** Kafka key: events of one reservation stay in one partition, hence in order. */
  public String key() {
    return reservationId.toString();
  }
}
