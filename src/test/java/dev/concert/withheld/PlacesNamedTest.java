package dev.concert.withheld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concert.concert.Hall;
import dev.concert.concert.Schedule;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which places a withholding names: seat numbers of the date, or one section, never both. */
class PlacesNamedTest {
  private static final Hall HALL = Hall.single(new Schedule(7, 1, Instant.EPOCH, 5, 1_000, null, List.of()));

  private static WithheldMessages.Change seats(Integer... seats) {
    return new WithheldMessages.Change(7, true, Arrays.asList(seats), null);
  }

  private static void assertInvalid(WithheldMessages.Change change, String mentioning) {
    assertThatThrownBy(() -> PlacesNamed.of(change, HALL)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
      assertThat(e.getMessage()).contains(mentioning);
    });
  }

  @Test
  void seatNumbersAreTheDatesPlacesInOrder() {
    assertThat(PlacesNamed.of(seats(5, 1, 3), HALL)).containsExactly(1, 3, 5);
  }

  @Test
  void aSectionNamesEveryPlaceOfIt() {
    // A date of the old form has one section, sectionId 0.
    assertThat(PlacesNamed.of(new WithheldMessages.Change(7, true, null, 0L), HALL)).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void badBodiesAreRefused() {
    assertInvalid(seats(0), "place 0");
    assertInvalid(seats(6), "places are 1 to 5");
    assertInvalid(seats(2, 2), "listed twice");
    assertInvalid(seats(), "at least one");
    assertInvalid(new WithheldMessages.Change(7, true, null, null), "either seatNumbers or section");
    assertInvalid(new WithheldMessages.Change(7, true, List.of(1), 0L), "either seatNumbers or section");
    assertInvalid(new WithheldMessages.Change(7, true, null, 99L), "no section 99");
  }
}
