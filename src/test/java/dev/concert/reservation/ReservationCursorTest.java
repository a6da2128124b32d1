package dev.concert.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concert.shared.ApiException;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReservationCursorTest {
  @Test
  void roundTripsToTheMicrosecond() {
    ReservationCursor cursor = ReservationCursor.of(OffsetDateTime.parse("2026-12-03T08:01:41.123456Z"), UUID.randomUUID());
    ReservationCursor back = ReservationCursor.decode(cursor.encode());
    assertThat(back.createdAt().toInstant()).isEqualTo(cursor.createdAt().toInstant());
    assertThat(back.id()).isEqualTo(cursor.id());
    assertThat(cursor.encode()).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void anythingElseIsABadRequest() {
    for (String bad : new String[] {"", "abc", "bm9wZQ", "MTIz"}) {
      assertThatThrownBy(() -> ReservationCursor.decode(bad)).as(bad).isInstanceOf(ApiException.class);
    }
  }
}
