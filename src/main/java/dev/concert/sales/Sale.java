package dev.concert.sales;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What an event adds to its schedule's sales: a PaymentCompleted its seats, its amount and one
 * payment; a ReservationRefunded takes its seats and amount away again and counts one refund. A
 * reservation is paid at most once and refunded at most once, so (reservation, type) names the
 * event for deduplication, whatever its eventId. A payment's {@code grades} split it by grade (from
 * its event's {@code seats}; empty when the event has none); a refund's are empty, its payment's
 * are taken away (see {@link SalesLedger}).
 */
public record Sale(UUID reservationId, String eventType, long scheduleId, int seats, long amount, int payments,
    int refunds, List<GradeSale> grades) {
  /** What a payment sold of one grade. */
  public record GradeSale(String name, int seats, long revenue) {}

  public Sale {
    grades = List.copyOf(grades);
  }
  static final String PAYMENT_COMPLETED = "PaymentCompleted";
  static final String RESERVATION_REFUNDED = "ReservationRefunded";

  /** A payment, not split by grade. */
  public Sale(UUID reservationId, long scheduleId, int seats, long amount) {
    this(reservationId, scheduleId, seats, amount, List.of());
  }

  /** A payment and what it sold of each grade. */
  public Sale(UUID reservationId, long scheduleId, int seats, long amount, List<GradeSale> grades) {
    this(reservationId, PAYMENT_COMPLETED, scheduleId, seats, amount, 1, 0, grades);
  }

  /** A refund of a payment of {@code seats} seats and {@code amount}. */
  public static Sale refund(UUID reservationId, long scheduleId, int seats, long amount) {
    return new Sale(reservationId, RESERVATION_REFUNDED, scheduleId, -seats, -amount, 0, 1, List.of());
  }

  /** The grades as the ledger stores them: {@code [{"name","seats","revenue"}]}, null when there are none. */
  JsonArray gradesJson() {
    if (grades.isEmpty()) {
      return null;
    }
    JsonArray json = new JsonArray();
    grades.forEach(grade -> json.add(new JsonObject().put("name", grade.name()).put("seats", grade.seats())
        .put("revenue", grade.revenue())));
    return json;
  }

  /** A payment's places ({@code [{"grade","price",...}]}) summed by grade, in the order first seen. */
  static List<GradeSale> byGrade(JsonArray places) {
    if (places == null) {
      return List.of();
    }
    Map<String, long[]> sums = new LinkedHashMap<>();
    for (int i = 0; i < places.size(); i++) {
      JsonObject place = places.getJsonObject(i);
      String grade = place.getString("grade");
      Long price = place.getLong("price");
      if (grade == null || price == null || price < 0) {
        throw new IllegalArgumentException("a place of the event lacks its grade or price");
      }
      long[] sum = sums.computeIfAbsent(grade, name -> new long[2]);
      sum[0]++;
      sum[1] += price;
    }
    return sums.entrySet().stream()
        .map(entry -> new GradeSale(entry.getKey(), (int) entry.getValue()[0], entry.getValue()[1])).toList();
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
      return Optional.of(refund ? refund(id, scheduleId, seats.size(), amount)
          : new Sale(id, scheduleId, seats.size(), amount, byGrade(event.getJsonArray("seats"))));
    } catch (ClassCastException e) {
      throw new IllegalArgumentException(type + " has a field of the wrong type", e);
    }
  }
}
