package dev.concert.concert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concert.seats.SeatStatus;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import dev.concert.venues.SeatRow;
import dev.concert.venues.Section;
import dev.concert.venues.SectionKind;
import dev.concert.venues.Venue;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HallTest {
  private static final Instant AT = Instant.parse("2030-01-01T19:00:00Z");
  /** Places 1-3 "Front" rows A (2 seats) and B (1 seat), 4-6 the standing "Pit", 7-8 "Back" row "Z". */
  private static final Venue CLUB = new Venue(3, "Club", 8, List.of(
      new Section(11, "Front", SectionKind.SEATED, 1, 3, List.of(new SeatRow("A", 2, 1), new SeatRow("B", 1, 3)), null),
      new Section(12, "Pit", SectionKind.STANDING, 4, 6, List.of(), null),
      new Section(13, "Back \"Z\"", SectionKind.SEATED, 7, 8, List.of(new SeatRow("Z", 2, 7)), null)));
  private static final List<Grade> GRADES = List.of(
      new Grade("VIP", 90_000, List.of("Front")), new Grade("GA", 30_000, List.of("Pit", "Back \"Z\"")));

  private static Hall club() {
    return Hall.of(new Schedule(9, 1, AT, 8, 30_000, 3L, GRADES), CLUB);
  }

  @Test
  void aDateInTheOldFormIsOneSectionOneRowOneGrade() {
    Hall hall = Hall.single(new Schedule(9, 1, AT, 3, 15_000));
    SeatStatus[] states = {SeatStatus.AVAILABLE, SeatStatus.HELD, SeatStatus.SOLD};
    JsonObject rendered = new JsonObject(hall.render(states, -1));
    assertThat(rendered).isEqualTo(new JsonObject()
        .put("scheduleId", 9)
        .put("items", new JsonArray()
            .add(item(1, 15_000, "AVAILABLE", "Hall", "1", "1", "Standard"))
            .add(item(2, 15_000, "HELD", "Hall", "1", "2", "Standard"))
            .add(item(3, 15_000, "SOLD", "Hall", "1", "3", "Standard"))));
  }

  @Test
  void rendersEveryPlaceWithItsLabelsAndGradePriceAsValidJson() {
    SeatStatus[] states = new SeatStatus[8];
    Arrays.fill(states, SeatStatus.AVAILABLE);
    states[4] = SeatStatus.SOLD;
    JsonArray items = new JsonObject(club().render(states, -1)).getJsonArray("items");
    assertThat(items).hasSize(8);
    assertThat(items.getJsonObject(2)).isEqualTo(item(3, 90_000, "AVAILABLE", "Front", "B", "1", "VIP"));
    assertThat(items.getJsonObject(4)).isEqualTo(item(5, 30_000, "SOLD", "Pit", null, null, "GA"));
    assertThat(items.getJsonObject(7)).isEqualTo(item(8, 30_000, "AVAILABLE", "Back \"Z\"", "Z", "2", "GA"));
  }

  @Test
  void rendersOneSectionOnly() {
    SeatStatus[] states = new SeatStatus[8];
    Arrays.fill(states, SeatStatus.AVAILABLE);
    JsonArray items = new JsonObject(club().render(states, 1)).getJsonArray("items");
    assertThat(items.stream().map(i -> ((JsonObject) i).getInteger("seatNumber"))).containsExactly(4, 5, 6);
  }

  @Test
  void countsFreePlacesPerSectionAndGrade() {
    SeatStatus[] states = new SeatStatus[8];
    Arrays.fill(states, SeatStatus.AVAILABLE);
    states[0] = SeatStatus.HELD;
    states[3] = SeatStatus.SOLD;
    states[7] = SeatStatus.HELD;
    Hall hall = club();
    int[] free = hall.availableBySection(states);
    assertThat(free).containsExactly(2, 2, 1);
    assertThat(hall.gradesAvailable(free)).isEqualTo(new JsonArray()
        .add(new JsonObject().put("name", "VIP").put("price", 90_000L).put("available", 2L))
        .add(new JsonObject().put("name", "GA").put("price", 30_000L).put("available", 3L)));
    assertThat(hall.sections(free).getJsonObject(1)).isEqualTo(new JsonObject().put("sectionId", 12L).put("name", "Pit")
        .put("kind", "STANDING").put("grade", "GA").put("price", 30_000L).put("capacity", 3).put("available", 2));
  }

  @Test
  void everySectionMustBeInExactlyOneGrade() {
    Hall.checkGrades(CLUB, GRADES, "grades");
    assertInvalid(List.of(new Grade("VIP", 1, List.of("Front", "Pit"))), "'Back \"Z\"' is in no grade");
    assertInvalid(List.of(new Grade("VIP", 1, List.of("Front", "Pit")), new Grade("GA", 1, List.of("Pit", "Back \"Z\""))),
        "'Pit' is in more than one grade");
    assertInvalid(List.of(new Grade("VIP", 1, List.of("Front", "Pit", "Back \"Z\"", "Balcony"))), "no section 'Balcony'");
    assertInvalid(List.of(new Grade("VIP", 1, List.of("Front")), new Grade("VIP", 1, List.of("Pit", "Back \"Z\""))),
        "named twice");
  }

  private static void assertInvalid(List<Grade> grades, String detail) {
    assertThatThrownBy(() -> Hall.checkGrades(CLUB, grades, "schedules/0/grades"))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
          assertThat(e.detail()).contains("schedules/0/grades").contains(detail);
        });
  }

  private static JsonObject item(int seat, long price, String status, String section, String row, String label,
      String grade) {
    return new JsonObject().put("seatNumber", seat).put("price", price).put("status", status).put("section", section)
        .put("row", row).put("seat", label).put("grade", grade);
  }
}
