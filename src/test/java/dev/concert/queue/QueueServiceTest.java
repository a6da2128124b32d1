package dev.concert.queue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The wait estimate shown to waiting users (a Java rule: nothing else computes it). */
class QueueServiceTest {
  @Test
  void estimatedWaitFollowsPositionAndRate() {
    assertThat(QueueService.estimatedWaitSeconds(0, 100)).isZero();
    assertThat(QueueService.estimatedWaitSeconds(1, 100)).isEqualTo(1);
    assertThat(QueueService.estimatedWaitSeconds(100, 100)).isEqualTo(1);
    assertThat(QueueService.estimatedWaitSeconds(101, 100)).isEqualTo(2);
    assertThat(QueueService.estimatedWaitSeconds(7, 1)).isEqualTo(7);
  }
}
