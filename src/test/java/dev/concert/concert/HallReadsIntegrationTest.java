package dev.concert.concert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.seats.SeatKeys;
import dev.concert.support.OneAppPerClass;
import dev.concert.support.TestApp;
import dev.concert.support.Venues;
import dev.concert.support.Wait;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A big date's section counts and section maps served from the instance's seat copy (rendered once
 * per change) against real Postgres and Redis: the buyer's own hold shows at once, another
 * process's change through the seat notices.
 */
class HallReadsIntegrationTest extends OneAppPerClass {
  private static HttpResponse<Buffer> get(String path, TestApp.ActiveUser user) {
    return app.callAndWait(HttpMethod.GET, path, user.token(), null);
  }

  private static int available(HttpResponse<Buffer> sections, int index) {
    return sections.bodyAsJsonObject().getJsonArray("items").getJsonObject(index).getInteger("available");
  }

  private static String status(HttpResponse<Buffer> map, int index) {
    return map.bodyAsJsonObject().getJsonArray("items").getJsonObject(index).getString("status");
  }

  @Test
  void countsAndSectionMapsFollowOwnHoldsAtOnceAndOthersThroughTheNotices() {
    // "Front": rows A and B of 5 (places 1-10); "Pit": 2,500 standing (11-2510).
    JsonObject venue = Venues.frontAndPit(app, "Reads");
    long frontId = venue.getJsonArray("sections").getJsonObject(0).getLong("sectionId");
    long pitId = venue.getJsonArray("sections").getJsonObject(1).getLong("sectionId");
    JsonObject date = new JsonObject().put("startsAt", Instant.now().plus(Duration.ofDays(20)).truncatedTo(ChronoUnit.SECONDS).toString())
        .put("venueId", venue.getLong("venueId")).put("grades", new JsonArray()
            .add(new JsonObject().put("name", "All").put("price", 1_000).put("sections", new JsonArray().add("Front").add("Pit"))));
    HttpResponse<Buffer> created = TestApp.await(app.client().post("/api/v1/admin/concerts").putHeader("Admin-Key", TestApp.ADMIN_KEY)
        .sendJsonObject(new JsonObject().put("title", "Reads").put("schedules", new JsonArray().add(date))));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    long schedule = created.bodyAsJsonObject().getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
    String sections = "/api/v1/schedules/" + schedule + "/sections";
    String frontMap = "/api/v1/schedules/" + schedule + "/seats?section=" + frontId;
    String pitMap = "/api/v1/schedules/" + schedule + "/seats?section=" + pitId;

    TestApp.ActiveUser buyer = app.activeUser();
    assertThat(available(get(sections, buyer), 0)).isEqualTo(10);
    assertThat(status(get(frontMap, buyer), 2)).isEqualTo("AVAILABLE");
    assertThat(get(pitMap, buyer).bodyAsJsonObject().getJsonArray("items")).hasSize(2_500);
    // Once the copy is loaded, reads come from it.
    TestApp.awaitCondition(() -> dev.concert.seats.SeatCopiesAccess.loaded(app.vertx(), schedule), "the copy of the date");

    app.hold(buyer, schedule, List.of(3, 11));
    HttpResponse<Buffer> counted = get(sections, buyer);
    contract.assertConforms("listSections", counted);
    assertThat(available(counted, 0)).isEqualTo(9);
    assertThat(available(counted, 1)).isEqualTo(2_499);
    HttpResponse<Buffer> map = get(frontMap, buyer);
    contract.assertConforms("getSeatMap", map);
    assertThat(status(map, 2)).isEqualTo("HELD");
    assertThat(status(get(pitMap, buyer), 0)).isEqualTo("HELD");

    // Another process's sale, straight in Redis with its notice as the sell script would.
    TestApp.await(app.redis().send(Request.cmd(Command.HSET).arg(SeatKeys.seats(schedule)).arg("7").arg("S:" + UUID.randomUUID())));
    TestApp.await(app.redis().send(Request.cmd(Command.PUBLISH).arg(SeatKeys.seats(schedule) + ":changes").arg("7S")));
    TestApp.ActiveUser reader = app.activeUser();
    Wait.until(() -> available(get(sections, reader), 0) == 8, "the counts to follow the notice");
    Wait.until(() -> "SOLD".equals(status(get(frontMap, reader), 6)), "the section's map to follow the notice");
    assertThat(status(get(frontMap, reader), 2)).isEqualTo("HELD");
    assertThat(available(get(sections, reader), 1)).isEqualTo(2_499);
  }
}
