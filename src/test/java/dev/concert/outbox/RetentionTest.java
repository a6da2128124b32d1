package dev.concert.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetentionTest {
  private final Instant now = Instant.parse("2026-12-24T19:00:00Z");

  @Test
  void theCutoffIsNowLessTheRetention() {
    assertThat(Retention.hours(24).cutoff(now)).isEqualTo(Instant.parse("2026-12-23T19:00:00Z"));
    assertThat(Retention.hours(1).cutoff(now)).isEqualTo(Instant.parse("2026-12-24T18:00:00Z"));
  }

  @Test
  void onlyWhatIsStrictlyOlderThanTheRetentionExpires() {
    Retention day = Retention.hours(24);
    assertThat(day.expired(now.minus(Duration.ofHours(25)), now)).isTrue();
    assertThat(day.expired(now.minus(Duration.ofHours(24)).minusMillis(1), now)).isTrue();
    assertThat(day.expired(now.minus(Duration.ofHours(24)), now)).isFalse();
    assertThat(day.expired(now.minus(Duration.ofHours(23)), now)).isFalse();
  }

  @Test
  void aRetentionMustBePositive() {
    assertThatThrownBy(() -> new Retention(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }
}
