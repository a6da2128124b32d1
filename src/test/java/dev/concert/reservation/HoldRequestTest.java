package dev.concert.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concert.concert.Grade;
import dev.concert.concert.Hall;
import dev.concert.concert.Schedule;
import dev.concert.seats.Seats;
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

  /** "Front" (VIP, rows A 1-4, B 5-8), "Side" (VIP, 9-12), "Floor" (GA, standing 13-20). */
  private static Hall club() {
    Venue venue = new Venue(3, "Club", 20, List.of(
        new Section(11, "Front", SectionKind.SEATED, 1, 8, List.of(new SeatRow("A", 4, 1), new SeatRow("B", 4, 5)), null),
        new Section(12, "Side", SectionKind.SEATED, 9, 12, List.of(new SeatRow("A", 4, 9)), null),
        new Section(13, "Floor", SectionKind.STANDING, 13, 20, List.of(), null)));
    return Hall.of(new Schedule(9, 1, Instant.parse("2030-01-01T19:00:00Z"), 20, 20_000, 3L, List.of(
        new Grade("GA", 20_000, List.of("Floor")), new Grade("VIP", 50_000, List.of("Side", "Front")))), venue);
  }

  private static HoldRequest best(int quantity, String grade, Long section) {
    return new HoldRequest(9, null, new HoldRequest.Best(quantity, grade, section, true));
  }

  @Test
  void bestAvailableSearchesTheGradesSectionsInVenueOrderOrTheOneSection() {
    Hall hall = club();
    assertThat(best(2, "VIP", null).bestOf(hall)).isEqualTo(new Seats.BestRequest(2, true, List.of(0, 1)));
    assertThat(best(4, "GA", null).bestOf(hall).sections()).containsExactly(2);
    assertThat(best(1, null, 12L).bestOf(hall).sections()).containsExactly(1);
    best(3, null, 13L).validateAgainst(hall);
    assertThat(hall.seatLayout().sections().get(0).rows()).containsExactly(new Seats.Layout.Range(1, 4), new Seats.Layout.Range(5, 8));
    assertThat(hall.seatLayout().sections().get(2)).isEqualTo(new Seats.Layout.Block(true, List.of(new Seats.Layout.Range(13, 20))));
  }

  @Test
  void aBestAvailableRequestMustNameOneKnownGradeOrSectionAndNoSeats() {
    Hall hall = club();
    assertInvalidBest(hall, new HoldRequest(9, List.of(1), new HoldRequest.Best(1, "VIP", null, true)), "not both");
    assertInvalidBest(hall, new HoldRequest(9, null, null), "either seatNumbers or quantity");
    assertInvalidBest(hall, best(2, "Balcony", null), "no grade 'Balcony'");
    assertInvalidBest(hall, best(2, null, 99L), "no section 99");
    assertInvalidBest(hall, best(2, "VIP", 11L), "either a grade or a section");
    assertInvalidBest(hall, best(2, null, null), "either a grade or a section");
    assertInvalidBest(hall, best(5, "VIP", null), "1 to 4");
    assertInvalidBest(hall, best(0, "VIP", null), "1 to 4");
  }

  private static void assertInvalidBest(Hall hall, HoldRequest request, String detail) {
    assertThatThrownBy(() -> request.validateAgainst(hall)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
      assertThat(e.detail()).contains(detail);
    });
  }

  private void assertInvalid(List<Integer> seats, String detail) {
    assertThatThrownBy(() -> new HoldRequest(7, seats).validateAgainst(schedule))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
          assertThat(e.detail()).contains("seatNumbers").contains(detail);
        });
  }
}
