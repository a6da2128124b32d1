package dev.concert.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concert.concert.Schedule;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HoldRequestTest {
  private final Schedule schedule = new Schedule(7, 1, Instant.parse("2030-01-01T19:00:00Z"), 50, 30_000);

  @Test
  void oneToFourDistinctSeatsInRangeAreAccepted() {
    new HoldRequest(7, List.of(1)).validateAgainst(schedule);
    new HoldRequest(7, List.of(1, 2, 49, 50)).validateAgainst(schedule);
  }

  @Test
  void tooFewOrTooManySeatsAreRefused() {
    assertInvalid(List.of(), "1 to 4");
    assertInvalid(List.of(1, 2, 3, 4, 5), "1 to 4");
  }

  @Test
  void repeatedSeatsAreRefused() {
    assertInvalid(List.of(3, 3), "distinct");
  }

  @Test
  void seatsOutsideTheScheduleAreRefused() {
    assertInvalid(List.of(0), "seat 0");
    assertInvalid(List.of(1, 51), "seat 51");
    assertInvalid(List.of(-4), "seat -4");
  }

  @Test
  void amountIsPricePerSeat() {
    assertThat(new HoldRequest(7, List.of(1, 2, 3)).amount(schedule)).isEqualTo(90_000);
    Schedule free = new Schedule(8, 1, schedule.startsAt(), 50, 0);
    assertThat(new HoldRequest(8, List.of(1, 2)).amount(free)).isZero();
  }

  private void assertInvalid(List<Integer> seats, String detail) {
    assertThatThrownBy(() -> new HoldRequest(7, seats).validateAgainst(schedule))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
          assertThat(e.detail()).contains("seatNumbers").contains(detail);
        });
  }
}
