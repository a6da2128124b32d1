package dev.concert.venues;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.OneAppPerClass;
import dev.concert.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

/** Venues over HTTP against real Postgres: creation, reading, the rules and the 1 MB body. */
class VenueIntegrationTest extends OneAppPerClass {
  static JsonObject seated(String name, int rows, int seats) {
    JsonArray list = new JsonArray();
    for (int r = 1; r <= rows; r++) {
      list.add(new JsonObject().put("label", "R" + r).put("seats", seats));
    }
    return new JsonObject().put("name", name).put("kind", "SEATED").put("rows", list);
  }

  static JsonObject standing(String name, int capacity) {
    return new JsonObject().put("name", name).put("kind", "STANDING").put("capacity", capacity);
  }

  static HttpResponse<Buffer> create(TestApp app, String name, JsonObject... sections) {
    return TestApp.await(app.client().post("/api/v1/admin/venues").putHeader("Admin-Key", TestApp.ADMIN_KEY)
        .timeout(30_000).sendJsonObject(new JsonObject().put("name", name).put("sections", new JsonArray(java.util.List.of((Object[]) sections)))));
  }

  @Test
  void aVenueIsCreatedNumberedAndReadBackWithItsRows() {
    JsonObject shape = new JsonObject().put("x", 100).put("y", 50).put("width", 200).put("height", 80).put("rotation", 15);
    HttpResponse<Buffer> created = create(app, "Arena", seated("101", 2, 10).put("shape", shape), standing("Floor", 500),
        seated("102", 1, 4));
    contract.assertConforms("createVenue", created);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject venue = created.bodyAsJsonObject();
    assertThat(venue.getInteger("capacity")).isEqualTo(524);
    JsonArray sections = venue.getJsonArray("sections");
    assertThat(sections.stream().map(s -> ((JsonObject) s).getInteger("firstSeat"))).containsExactly(1, 21, 521);
    assertThat(sections.stream().map(s -> ((JsonObject) s).getInteger("lastSeat"))).containsExactly(20, 520, 524);
    assertThat(sections.getJsonObject(0).getJsonObject("shape").getDouble("rotation")).isEqualTo(15.0);
    assertThat(sections.getJsonObject(1).getValue("shape")).isNull();
    assertThat(sections.getJsonObject(1).getString("kind")).isEqualTo("STANDING");

    HttpResponse<Buffer> read = app.callAndWait(HttpMethod.GET, "/api/v1/venues/" + venue.getLong("venueId"), null, null);
    contract.assertConforms("getVenue", read);
    assertThat(read.statusCode()).isEqualTo(200);
    JsonObject again = read.bodyAsJsonObject();
    assertThat(again.getJsonArray("sections").getJsonObject(0).getJsonArray("rows")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("label", "R1").put("firstSeat", 1).put("lastSeat", 10))
        .add(new JsonObject().put("label", "R2").put("firstSeat", 11).put("lastSeat", 20)));
    assertThat(again.getJsonArray("sections").getJsonObject(0).getLong("sectionId"))
        .isEqualTo(sections.getJsonObject(0).getLong("sectionId"));
    assertThat(again.getJsonArray("sections").getJsonObject(1).getJsonArray("rows")).isEmpty();
  }

  @Test
  void aStadiumLayoutOfNearlyOneMegabyteIsTaken() {
    // 500 sections of 20 rows: about 600 KB of JSON, far past the usual body limit (16 KB).
    JsonObject[] sections = new JsonObject[500];
    for (int i = 0; i < sections.length; i++) {
      sections[i] = seated("Section with a long name number " + i, 20, 10);
    }
    HttpResponse<Buffer> created = create(app, "Big", sections);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(created.bodyAsJsonObject().getInteger("capacity")).isEqualTo(100_000);
    // Past 1 MB the layout is refused whole, and nothing is stored.
    long before = app.count("SELECT count(*) FROM venues");
    String tooBig = "{\"name\":\"Huge\",\"sections\":[{\"name\":\"" + "n".repeat(1024 * 1024) + "\"}]}";
    HttpResponse<Buffer> refused = TestApp.await(app.client().post("/api/v1/admin/venues").putHeader("Admin-Key", TestApp.ADMIN_KEY)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(tooBig)));
    assertThat(refused.statusCode()).isEqualTo(413);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("PAYLOAD_TOO_LARGE");
    assertThat(app.count("SELECT count(*) FROM venues")).isEqualTo(before);
    // Other operations keep the usual limit.
    String big = "{\"amount\":1,\"x\":\"" + "y".repeat(20_000) + "\"}";
    HttpResponse<Buffer> charge = TestApp.await(app.client().post("/api/v1/balance/charge")
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(big)));
    assertThat(charge.statusCode()).isIn(400, 413);
  }

  @Test
  void badLayoutsAreRefusedAndNothingIsStored() {
    long before = app.count("SELECT count(*) FROM venues");
    assertProblem(create(app, "Twice", seated("A", 1, 1), standing("A", 3)), "sections/1/name");
    assertProblem(create(app, "Huge", standing("A", 60_000), standing("B", 40_001)), "sections");
    assertProblem(create(app, "Kinds", new JsonObject().put("name", "A").put("kind", "BALCONY").put("capacity", 3)), "kind");
    assertProblem(create(app, "Rowless", new JsonObject().put("name", "A").put("kind", "SEATED")), "rows");
    assertProblem(create(app, "Empty"), "sections");
    assertThat(app.count("SELECT count(*) FROM venues")).isEqualTo(before);
  }

  @Test
  void theAdminKeyIsNeededToCreateAndUnknownVenuesAreNotFound() {
    HttpResponse<Buffer> noKey = TestApp.await(app.client().post("/api/v1/admin/venues")
        .sendJsonObject(new JsonObject().put("name", "X").put("sections", new JsonArray().add(standing("A", 1)))));
    assertThat(noKey.statusCode()).isEqualTo(401);
    assertThat(noKey.bodyAsJsonObject().getString("code")).isEqualTo("ADMIN_KEY_INVALID");
    HttpResponse<Buffer> unknown = app.callAndWait(HttpMethod.GET, "/api/v1/venues/999999999", null, null);
    contract.assertConforms("getVenue", unknown);
    assertThat(unknown.statusCode()).isEqualTo(404);
  }

  private static void assertProblem(HttpResponse<Buffer> response, String field) {
    contract.assertConforms("createVenue", response);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("VALIDATION_FAILED");
    assertThat(response.bodyAsJsonObject().getString("detail")).contains(field);
  }
}
