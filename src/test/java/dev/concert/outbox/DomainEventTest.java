package dev.concert.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The event value of docs/contract.md, "Events". */
class DomainEventTest {
  private final UUID reservation = UUID.fromString("6f1c2d9e-0000-4000-8000-000000000001");
  private final UUID user = UUID.fromString("6f1c2d9e-0000-4000-8000-000000000002");
  private final Instant at = Instant.parse("2026-12-24T19:00:00Z");

  @Test
  void aReservationEventHasEveryFieldButAmount() {
    DomainEvent held = DomainEvent.of(EventType.ReservationHeld, at, reservation, user, 42, List.of(7, 8), null);
    JsonObject json = held.toJson();
    assertThat(json.fieldNames()).isEqualTo(Set.of(
        "eventId", "type", "occurredAt", "reservationId", "userId", "scheduleId", "seatNumbers"));
    assertThat(UUID.fromString(json.getString("eventId"))).isEqualTo(held.eventId());
    assertThat(json.getString("type")).isEqualTo("ReservationHeld");
    assertThat(json.getString("occurredAt")).isEqualTo("2026-12-24T19:00:00Z");
    assertThat(json.getString("reservationId")).isEqualTo(reservation.toString());
    assertThat(json.getString("userId")).isEqualTo(user.toString());
    assertThat(json.getLong("scheduleId")).isEqualTo(42L);
    assertThat(json.getJsonArray("seatNumbers")).isEqualTo(new JsonArray(List.of(7, 8)));
  }

  @Test
  void aPaymentEventCarriesTheAmount() {
    JsonObject json = DomainEvent.of(EventType.PaymentCompleted, at, reservation, user, 42, List.of(7), 25_000L).toJson();
    assertThat(json.getString("type")).isEqualTo("PaymentCompleted");
    assertThat(json.getLong("amount")).isEqualTo(25_000L);
  }

  @Test
  void everyEventHasItsOwnIdAndIsKeyedByItsReservation() {
    DomainEvent a = DomainEvent.of(EventType.ReservationCancelled, at, reservation, user, 1, List.of(1), null);
    DomainEvent b = DomainEvent.of(EventType.ReservationCancelled, at, reservation, user, 1, List.of(1), null);
    assertThat(a.eventId()).isNotEqualTo(b.eventId());
    assertThat(a.key()).isEqualTo(b.key()).isEqualTo(reservation.toString());
  }

  @Test
  void reservationEventsAndPaymentEventsGoToTheirTopics() {
    assertThat(EventType.ReservationHeld.topic()).isEqualTo(EventType.Topic.RESERVATIONS);
    assertThat(EventType.ReservationCancelled.topic()).isEqualTo(EventType.Topic.RESERVATIONS);
    assertThat(EventType.ReservationExpired.topic()).isEqualTo(EventType.Topic.RESERVATIONS);
    assertThat(EventType.PaymentCompleted.topic()).isEqualTo(EventType.Topic.PAYMENTS);
  }
}
