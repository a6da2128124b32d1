package dev.concert.venues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class NewVenueTest {
  private static JsonObject seated(String name, int rows, int seats) {
    JsonArray list = new JsonArray();
    for (int r = 1; r <= rows; r++) {
      list.add(new JsonObject().put("label", "R" + r).put("seats", seats));
    }
    return new JsonObject().put("name", name).put("kind", "SEATED").put("rows", list);
  }

  private static JsonObject standing(String name, int capacity) {
    return new JsonObject().put("name", name).put("kind", "STANDING").put("capacity", capacity);
  }

  private static JsonObject venue(JsonObject... sections) {
    return new JsonObject().put("name", "Arena").put("sections", new JsonArray(java.util.List.of((Object[]) sections)));
  }

  @Test
  void aLayoutOfSeatedAndStandingSectionsIsReadAndCounted() {
    NewVenue venue = NewVenue.fromJson(venue(seated("101", 3, 10),
        standing("Floor", 500).put("shape", new JsonObject().put("x", 10).put("y", 20).put("width", 300).put("height", 100))));
    assertThat(venue.capacity()).isEqualTo(530);
    assertThat(venue.numbered().get(1).shape().getDouble("rotation")).isZero();
    assertThat(venue.numbered().get(1).firstSeat()).isEqualTo(31);
  }

  @Test
  void sectionNamesAreUniqueInAVenue() {
    assertInvalid(venue(seated("101", 1, 1), standing("101", 5)), "sections/1/name", "unique");
  }

  @Test
  void rowLabelsAreUniqueInASection() {
    JsonObject twice = seated("101", 1, 5);
    twice.getJsonArray("rows").add(new JsonObject().put("label", "R1").put("seats", 2));
    assertInvalid(venue(twice), "sections/0/rows/1/label", "unique");
  }

  @Test
  void aVenueHasAtMostOneHundredThousandPlaces() {
    NewVenue.fromJson(venue(standing("A", 60_000), standing("B", 40_000)));
    assertInvalid(venue(standing("A", 60_000), standing("B", 40_001)), "sections", "100000");
  }

  @Test
  void eachKindHasItsOwnFields() {
    assertInvalid(venue(standing("A", 5).put("rows", new JsonArray())), "sections/0/rows", "STANDING");
    assertInvalid(venue(new JsonObject().put("name", "A").put("kind", "STANDING")), "sections/0/capacity", "required");
    assertInvalid(venue(new JsonObject().put("name", "A").put("kind", "SEATED")), "sections/0/rows", "required");
    assertInvalid(venue(seated("A", 1, 1).put("capacity", 1)), "sections/0/capacity", "rows");
    assertInvalid(venue(new JsonObject().put("name", "A").put("kind", "SEATED").put("rows", new JsonArray())),
        "sections/0/rows", "at least one");
    assertInvalid(venue(seated("A", 1, 1001)), "sections/0/rows/0/seats", "1000");
    assertInvalid(venue(standing("A", 0)), "sections/0/capacity", "1 to");
  }

  @Test
  void aShapeLiesOnTheThousandByThousandPlane() {
    JsonObject shape = new JsonObject().put("x", 900).put("y", 0).put("width", 200).put("height", 10);
    assertInvalid(venue(standing("A", 5).put("shape", shape)), "sections/0/shape", "plane");
    assertInvalid(venue(standing("A", 5).put("shape", new JsonObject().put("x", 1).put("y", 1).put("width", 1))),
        "sections/0/shape/height", "required");
  }

  @Test
  void aVenueHasANameAndSections() {
    assertInvalid(new JsonObject().put("name", "").put("sections", new JsonArray().add(standing("A", 1))), "name", "1 to 200");
    assertInvalid(new JsonObject().put("name", "X").put("sections", new JsonArray()), "sections", "at least one");
  }

  private static void assertInvalid(JsonObject json, String field, String detail) {
    assertThatThrownBy(() -> NewVenue.fromJson(json)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
      assertThat(e.detail()).contains("'" + field).contains(detail);
    });
  }
}
