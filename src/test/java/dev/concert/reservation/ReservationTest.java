package dev.concert.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.shared.ErrorCode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReservationTest {
  private static final Instant UNTIL = Instant.parse("2026-12-01T10:05:00Z");
  private final UUID owner = UUID.randomUUID();

  private Reservation with(ReservationStatus status) {
    return new Reservation(UUID.randomUUID(), owner, 3, List.of(4, 5), 60_000, status, UNTIL);
  }

  @Test
  void notHeldExplainsWhy() {
    assertThat(ReservationService.notHeld(with(ReservationStatus.EXPIRED)).code()).isEqualTo(ErrorCode.RESERVATION_EXPIRED);
    assertThat(ReservationService.notHeld(with(ReservationStatus.HELD)).code()).isEqualTo(ErrorCode.RESERVATION_EXPIRED);
    assertThat(ReservationService.notHeld(with(ReservationStatus.PAID)).code()).isEqualTo(ErrorCode.RESERVATION_NOT_HELD);
    assertThat(ReservationService.notHeld(with(ReservationStatus.CANCELLED)).code()).isEqualTo(ErrorCode.RESERVATION_NOT_HELD);
  }

  @Test
  void jsonRoundTripsAndOwnershipIsByUser() {
    Reservation r = with(ReservationStatus.HELD);
    assertThat(Reservation.fromJson(r.toJson())).isEqualTo(r);
    assertThat(r.toJson().getString("heldUntil")).isEqualTo("2026-12-01T10:05:00Z");
    assertThat(r.ownedBy(owner)).isTrue();
    assertThat(r.ownedBy(UUID.randomUUID())).isFalse();
  }
}
