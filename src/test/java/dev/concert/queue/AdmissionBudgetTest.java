package dev.concert.queue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdmissionBudgetTest {
  private final AdmissionBudget budget = new AdmissionBudget(100, 1000);

  @Test
  void creditAccruesWithElapsedTimeAtTheRate() {
    assertThat(budget.accrue(0, 100)).isEqualTo(10.0);
    assertThat(budget.accrue(2.5, 15)).isEqualTo(4.0);
  }

  @Test
  void creditIsCappedAtOneSecondsWorth() {
    assertThat(budget.accrue(0, 60_000)).isEqualTo(100.0);
    assertThat(budget.accrue(99, 1000)).isEqualTo(100.0);
  }

  @Test
  void manyTicksAdmitWhatOneTickWould() {
    // Ten instances ticking every 10 ms over one second earn what one ticking once a second earns.
    double credit = 0;
    long admitted = 0;
    for (int tick = 0; tick < 100; tick++) {
      credit = budget.accrue(credit, 10);
      long now = budget.admissible(credit, admitted, 1_000_000);
      credit -= now;
      admitted += now;
    }
    assertThat(admitted).isEqualTo(100);
    assertThat(budget.admissible(budget.accrue(0, 1000), 0, 1_000_000)).isEqualTo(100);
  }

  @Test
  void neverAdmitsPastMaxActiveOrMoreThanWait() {
    assertThat(budget.admissible(100, 990, 500)).isEqualTo(10);
    assertThat(budget.admissible(100, 1000, 500)).isZero();
    assertThat(budget.admissible(100, 1200, 500)).isZero();
    assertThat(budget.admissible(100, 0, 3)).isEqualTo(3);
    assertThat(budget.admissible(0.99, 0, 3)).isZero();
  }

  @Test
  void estimatedWaitFollowsPositionAndRate() {
    assertThat(budget.estimatedWaitSeconds(0)).isZero();
    assertThat(budget.estimatedWaitSeconds(1)).isEqualTo(1);
    assertThat(budget.estimatedWaitSeconds(100)).isEqualTo(1);
    assertThat(budget.estimatedWaitSeconds(101)).isEqualTo(2);
    assertThat(new AdmissionBudget(1, 10).estimatedWaitSeconds(7)).isEqualTo(7);
  }
}
