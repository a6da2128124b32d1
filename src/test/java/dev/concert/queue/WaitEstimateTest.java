package dev.concert.queue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WaitEstimateTest {
  @Test
  void theRateBoundsTheWaitWhileSlotsAreFree() {
    assertThat(WaitEstimate.seconds(1, 100, 0)).isEqualTo(1L);
    assertThat(WaitEstimate.seconds(250, 100, 0)).isEqualTo(3L);
  }

  @Test
  void aFullCapMakesTheWaitTheEndOfAnActiveToken() {
    // Position 2 behind a cap of 1 whose token has 600 s left: 600 s for the first, 600 more.
    assertThat(WaitEstimate.seconds(2, 100, 1_200_000)).isEqualTo(1200L);
    assertThat(WaitEstimate.seconds(1, 100, 1)).isEqualTo(1L);
  }

  @Test
  void unknownAndActivePositions() {
    assertThat(WaitEstimate.seconds(-1, 100, 0)).isNull();
    assertThat(WaitEstimate.seconds(0, 100, 5000)).isZero();
  }
}
