package dev.concert.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.audit.SeatStateComparison.PgSeat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SeatStateComparisonTest {
  private final UUID a = UUID.randomUUID();
  private final UUID b = UUID.randomUUID();
  private final long now = 1_000_000;

  @Test
  void agreementIsNoDifference() {
    assertThat(SeatStateComparison.differences(1,
        Map.of(1, new PgSeat(a, true, 0), 2, new PgSeat(b, false, now + 5_000)),
        Map.of(1, "S:" + a, 2, "H:" + b + ":" + (now + 5_000)), now)).isEmpty();
  }

  @Test
  void lapsedHoldsAreLeftAsideOnEitherSide() {
    assertThat(SeatStateComparison.differences(1, Map.of(1, new PgSeat(a, false, now - 1)),
        Map.of(2, "H:" + b + ":" + (now - 1)), now)).isEmpty();
  }

  @Test
  void aWithheldPlaceIsNoDifferenceButASaleRedisShowsWithheldIs() {
    assertThat(SeatStateComparison.differences(1, Map.of(), Map.of(1, "W"), now)).isEmpty();
    assertThat(SeatStateComparison.differences(1, Map.of(2, new PgSeat(a, true, 0)), Map.of(2, "W"), now))
        .containsExactly("schedule 1 seat 2: sold to " + a + " in Postgres, 'W' in Redis");
  }

  @Test
  void everyDisagreementIsOneLine() {
    assertThat(SeatStateComparison.differences(7,
        Map.of(1, new PgSeat(a, true, 0), 2, new PgSeat(a, false, now + 1_000), 3, new PgSeat(a, true, 0)),
        Map.of(1, "H:" + a + ":" + (now + 1_000), 3, "S:" + b, 4, "S:" + b, 5, "H:" + b + ":" + (now + 10)), now))
        .hasSize(5)
        .allMatch(line -> line.startsWith("schedule 7 seat "));
  }
}
