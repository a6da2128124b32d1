package dev.concert.seats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a seat hash value reads, from Redis and from an instance's seat copy alike. */
class SeatStatusTest {
  @Test
  void aWithheldPlaceReadsWithheldAndNeverLapses() {
    assertThat(SeatStatus.fromRedisValue("W", 0)).isEqualTo(SeatStatus.WITHHELD);
    SeatSnapshot snapshot = SeatSnapshot.of(Map.of(2, SeatSnapshot.valueOf("W"), 3, SeatSnapshot.valueOf("S:r")));
    assertThat(snapshot.states(3, Long.MAX_VALUE - 10))
        .containsExactly(SeatStatus.AVAILABLE, SeatStatus.WITHHELD, SeatStatus.SOLD);
    assertThat(snapshot.unchangedUntil(0)).isEqualTo(Long.MAX_VALUE);
  }
}
