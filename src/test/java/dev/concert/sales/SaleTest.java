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
  void aPaymentsPlacesSplitItByGrade() {
    io.vertx.core.json.JsonArray places = new io.vertx.core.json.JsonArray()
        .add(place(3, "VIP", 100_000)).add(place(4, "Floor", 30_000)).add(place(5, "VIP", 100_000));
    DomainEvent paid = DomainEvent.of(EventType.PaymentCompleted, at, UUID.randomUUID(), UUID.randomUUID(), 42,
        List.of(3, 4, 5), 230_000L, places);
    Sale sale = Sale.fromEvent(paid.toJson().encode()).orElseThrow();
    assertThat(sale.grades()).containsExactly(new Sale.GradeSale("VIP", 2, 200_000), new Sale.GradeSale("Floor", 1, 30_000));
    assertThat(sale.gradesJson().encode())
        .isEqualTo("[{\"name\":\"VIP\",\"seats\":2,\"revenue\":200000},{\"name\":\"Floor\",\"seats\":1,\"revenue\":30000}]");
    assertThat(new Sale(paid.reservationId(), 42, 3, 230_000L).gradesJson()).isNull();
  }

  @Test
  void aPlaceWithoutItsGradeOrPriceIsRefused() {
    io.vertx.core.json.JsonArray places = new io.vertx.core.json.JsonArray()
        .add(new io.vertx.core.json.JsonObject().put("seatNumber", 3).put("price", 5));
    DomainEvent paid = DomainEvent.of(EventType.PaymentCompleted, at, UUID.randomUUID(), UUID.randomUUID(), 42,
        List.of(3), 5L, places);
    assertThatThrownBy(() -> Sale.fromEvent(paid.toJson().encode())).isInstanceOf(IllegalArgumentException.class);
  }

  private static io.vertx.core.json.JsonObject place(int seat, String grade, long price) {
    return new io.vertx.core.json.JsonObject().put("seatNumber", seat).put("section", "S").putNull("row").putNull("seat")
        .put("grade", grade).put("price", price);
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
