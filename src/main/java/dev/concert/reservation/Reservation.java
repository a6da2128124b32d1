package dev.concert.reservation;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A hold of seats by one user, as stored and as openapi.yaml shows it. {@code seats}: the places
 * with their labels and grade prices as held ({@code [{"seatNumber","section","row","seat","grade",
 * "price"}]}), null on reservations made before places carried them.
 */
public record Reservation(UUID id, UUID userId, long scheduleId, List<Integer> seatNumbers, long amount,
    ReservationStatus status, Instant heldUntil, JsonArray seats) {

  public Reservation {
    seatNumbers = List.copyOf(seatNumbers);
    seats = seats == null ? null : seats.copy();
  }

  public Reservation(UUID id, UUID userId, long scheduleId, List<Integer> seatNumbers, long amount,
      ReservationStatus status, Instant heldUntil) {
    this(id, userId, scheduleId, seatNumbers, amount, status, heldUntil, null);
  }

  public boolean ownedBy(UUID user) {
    return userId.equals(user);
  }

  /** The same reservation in {@code newStatus}. */
  public Reservation withStatus(ReservationStatus newStatus) {
    return new Reservation(id, userId, scheduleId, seatNumbers, amount, newStatus, heldUntil, seats);
  }

  public static Reservation from(Row row) {
    Object seats = row.getColumnIndex("seats") < 0 ? null : row.getJson("seats");
    return new Reservation(
        row.getUUID("id"),
        row.getUUID("user_id"),
        row.getLong("schedule_id"),
        Arrays.asList(row.getArrayOfIntegers("seat_numbers")),
        row.getLong("amount"),
        ReservationStatus.valueOf(row.getString("status")),
        row.getOffsetDateTime("held_until").toInstant(),
        seats instanceof JsonArray array ? array : null);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("reservationId", id.toString())
        .put("userId", userId.toString())
        .put("scheduleId", scheduleId)
        .put("seatNumbers", new JsonArray(seatNumbers))
        .put("amount", amount)
        .put("status", status.name())
        .put("heldUntil", heldUntil.toString());
    if (seats != null) {
      json.put("seats", seats.copy());
    }
    return json;
  }

  public static Reservation fromJson(JsonObject json) {
    return new Reservation(
        UUID.fromString(json.getString("reservationId")),
        UUID.fromString(json.getString("userId")),
        json.getLong("scheduleId"),
        json.getJsonArray("seatNumbers").stream().map(n -> ((Number) n).intValue()).toList(),
        json.getLong("amount"),
        ReservationStatus.valueOf(json.getString("status")),
        Instant.parse(json.getString("heldUntil")),
        json.getJsonArray("seats"));
  }
}
