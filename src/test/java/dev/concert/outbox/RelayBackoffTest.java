package dev.concert.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RelayBackoffTest {
  private final RelayBackoff backoff = new RelayBackoff(200, 5_000);

  @Test
  void aFullBatchRunsTheNextRoundAtOnceOtherwiseAfterTheInterval() {
    assertThat(backoff.afterSuccess(500, 500)).isZero();
    assertThat(backoff.afterSuccess(499, 500)).isEqualTo(200);
    assertThat(backoff.afterSuccess(0, 500)).isEqualTo(200);
  }

  @Test
  void failuresDoubleTheDelayUpToTheCeiling() {
    assertThat(backoff.afterFailures(0)).isEqualTo(200);
    assertThat(backoff.afterFailures(1)).isEqualTo(400);
    assertThat(backoff.afterFailures(2)).isEqualTo(800);
    assertThat(backoff.afterFailures(4)).isEqualTo(3_200);
    assertThat(backoff.afterFailures(5)).isEqualTo(5_000);
    assertThat(backoff.afterFailures(1_000_000)).isEqualTo(5_000);
  }

  @Test
  void aCeilingBelowTheIntervalMeansTheInterval() {
    assertThat(new RelayBackoff(1_000, 10).afterFailures(3)).isEqualTo(1_000);
  }

  @Test
  void delaysMustBePositive() {
    assertThatThrownBy(() -> new RelayBackoff(0, 10)).isInstanceOf(IllegalArgumentException.class);
  }
}
