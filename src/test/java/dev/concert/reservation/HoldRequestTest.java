package dev.concert.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concert.concert.Grade;
import dev.concert.concert.Hall;
import dev.concert.concert.Schedule;
import dev.concert.venues.SeatRow;
import dev.concert.venues.Section;
import dev.concert.venues.SectionKind;
import dev.concert.venues.Venue;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HoldRequestTest {
  private final Hall schedule = Hall.single(new Schedule(7, 1, Instant.parse("2030-01-01T19:00:00Z"), 50, 30_000));

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
    Hall free = Hall.single(new Schedule(8, 1, schedule.schedule().startsAt(), 50, 0));
    assertThat(new HoldRequest(8, List.of(1, 2)).amount(free)).isZero();
  }

  @Test
  void amountIsTheSumOfThePlacesGradePrices() {
    // Places 1-4 in "Front" (VIP), 5-6 in "Floor" (standing, GA).
    Venue venue = new Venue(3, "Club", 6, List.of(
        new Section(11, "Front", SectionKind.SEATED, 1, 4, List.of(new SeatRow("A", 4, 1)), null),
        new Section(12, "Floor", SectionKind.STANDING, 5, 6, List.of(), null)));
    Hall hall = Hall.of(new Schedule(9, 1, Instant.parse("2030-01-01T19:00:00Z"), 6, 20_000, 3L, List.of(
        new Grade("VIP", 50_000, List.of("Front")), new Grade("GA", 20_000, List.of("Floor")))), venue);
    HoldRequest request = new HoldRequest(9, List.of(4, 5, 6));
    assertThat(request.amount(hall)).isEqualTo(90_000);
    assertThat(request.places(hall).getJsonObject(0).getMap()).containsEntry("section", "Front").containsEntry("row", "A")
        .containsEntry("seat", "4").containsEntry("grade", "VIP").containsEntry("price", 50_000L);
    assertThat(request.places(hall).getJsonObject(1).getMap()).containsEntry("section", "Floor").containsEntry("row", null)
        .containsEntry("seat", null).containsEntry("grade", "GA").containsEntry("seatNumber", 5);
  }

  private void assertInvalid(List<Integer> seats, String detail) {
    assertThatThrownBy(() -> new HoldRequest(7, seats).validateAgainst(schedule))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
          assertThat(e.detail()).contains("seatNumbers").contains(detail);
        });
  }
}
