package dev.concert.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RepeatedLogTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final RepeatedLog log = new RepeatedLog(10_000, now::get);

  @Test
  void firstOccurrenceIsLoggedRepeatsAreCountedUntilTheQuietTimeEnds() {
    assertThat(log.admit("pg")).isZero();
    assertThat(log.admit("pg")).isEqualTo(-1);
    assertThat(log.admit("pg")).isEqualTo(-1);
    now.addAndGet(9_999);
    assertThat(log.admit("pg")).isEqualTo(-1);
    now.addAndGet(1);
    assertThat(log.admit("pg")).as("logged again, saying 3 were suppressed").isEqualTo(3);
    assertThat(log.admit("pg")).isEqualTo(-1);
  }

  @Test
  void keysAreIndependentAndResetMakesTheNextOneNews() {
    assertThat(log.admit("pg")).isZero();
    assertThat(log.admit("redis")).isZero();
    assertThat(log.admit("pg")).isEqualTo(-1);
    log.reset("pg");
    assertThat(log.admit("pg")).isZero();
  }
}
