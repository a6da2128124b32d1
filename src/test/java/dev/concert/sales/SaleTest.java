package dev.concert.sales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concert.outbox.DomainEvent;
import dev.concert.outbox.EventType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SaleTest {
  private final Instant at = Instant.parse("2026-12-24T19:00:00Z");

  @Test
  void aPaymentCompletedEventIsASaleOfItsSeatsAndAmount() {
    DomainEvent paid = DomainEvent.of(EventType.PaymentCompleted, at, UUID.randomUUID(), UUID.randomUUID(), 42,
        List.of(3, 4, 5), 75_000L);
    assertThat(Sale.fromEvent(paid.toJson().encode())).contains(new Sale(paid.reservationId(), 42, 3, 75_000L));
  }

  @Test
  void aReservationRefundedEventTakesItsSeatsAndAmountBack() {
    DomainEvent refunded = DomainEvent.of(EventType.ReservationRefunded, at, UUID.randomUUID(), UUID.randomUUID(), 42,
        List.of(3, 4), 50_000L);
    assertThat(Sale.fromEvent(refunded.toJson().encode()))
        .contains(Sale.refund(refunded.reservationId(), 42, 2, 50_000L));
  }

  @Test
  void otherEventsAreNoSale() {
    DomainEvent held = DomainEvent.of(EventType.ReservationHeld, at, UUID.randomUUID(), UUID.randomUUID(), 42,
        List.of(3), null);
    assertThat(Sale.fromEvent(held.toJson().encode())).isEmpty();
  }

  @Test
  void aMalformedValueIsRefused() {
    assertThatThrownBy(() -> Sale.fromEvent("not json")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sale.fromEvent("[1]")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sale.fromEvent("{\"type\":\"PaymentCompleted\",\"scheduleId\":1}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sale.fromEvent("{\"type\":\"PaymentCompleted\",\"reservationId\":\"x\",\"scheduleId\":1,"
        + "\"seatNumbers\":[1],\"amount\":5}")).isInstanceOf(IllegalArgumentException.class);
  }
}
