package dev.concert.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Concerts carry their opening; nobody holds a seat before it. */
class SalesOpeningIntegrationTest {
  private TestApp app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  static JsonObject createConcert(TestApp app, Instant salesOpenAt, Integer admitPerSecond, Integer maxActive) {
    JsonObject body = new JsonObject().put("title", "Opening " + salesOpenAt)
        .put("schedules", new JsonArray().add(new JsonObject()
            .put("startsAt", Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS).toString())
            .put("seatCount", 50).put("price", 1000)));
    if (salesOpenAt != null) {
      body.put("salesOpenAt", salesOpenAt.toString());
    }
    if (admitPerSecond != null) {
      body.put("admitPerSecond", admitPerSecond);
    }
    if (maxActive != null) {
      body.put("maxActive", maxActive);
    }
    HttpResponse<Buffer> response = TestApp.await(app.client().post("/api/v1/admin/concerts")
        .putHeader("Admin-Key", TestApp.ADMIN_KEY).sendJsonObject(body));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject();
  }

  @Test
  void concertsShowTheirOpeningAndRoomSettings() {
    app = TestApp.start();
    Instant opensAt = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
    JsonObject later = createConcert(app, opensAt, 7, 11);
    assertThat(later.getString("salesOpenAt")).isEqualTo(opensAt.toString());
    assertThat(later.getInteger("admitPerSecond")).isEqualTo(7);
    assertThat(later.getInteger("maxActive")).isEqualTo(11);
    JsonObject now = createConcert(app, null, null, null);
    assertThat(Instant.parse(now.getString("salesOpenAt"))).isBetween(Instant.now().minusSeconds(60), Instant.now());

    JsonArray items = app.callAndWait(HttpMethod.GET, "/api/v1/concerts", null, null).bodyAsJsonObject().getJsonArray("items");
    assertThat(items.getJsonObject(0).getString("salesOpenAt")).isEqualTo(opensAt.toString());
    assertThat(items.getJsonObject(1).getString("salesOpenAt")).isEqualTo(now.getString("salesOpenAt"));

    HttpResponse<Buffer> bad = TestApp.await(app.client().post("/api/v1/admin/concerts")
        .putHeader("Admin-Key", TestApp.ADMIN_KEY).sendJsonObject(new JsonObject().put("title", "x").put("maxActive", 0)
            .put("schedules", new JsonArray().add(new JsonObject().put("startsAt", opensAt.toString())
                .put("seatCount", 1).put("price", 1)))));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getString("code")).isEqualTo("VALIDATION_FAILED");
  }

  @Test
  void holdingBeforeTheOpeningIsRefusedWhateverTheToken() {
    app = TestApp.start();
    JsonObject later = createConcert(app, Instant.now().plus(Duration.ofHours(1)), null, null);
    JsonObject open = createConcert(app, null, null, null);
    // A concert from before concerts with an opening were sold through their own room only (V17
    // could not tell it had one): a service-wide ACTIVE token opens it, yet cannot hold before the opening.
    TestApp.await(app.pool().preparedQuery("UPDATE concerts SET own_room = false WHERE id = $1")
        .execute(io.vertx.sqlclient.Tuple.of(later.getLong("concertId"))));
    TestApp.ActiveUser user = app.activeUser();
    long laterSchedule = later.getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
    long openSchedule = open.getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
    HttpResponse<Buffer> refused = app.callAndWait(HttpMethod.POST, "/api/v1/reservations", user.token(),
        new JsonObject().put("scheduleId", laterSchedule).put("seatNumbers", new JsonArray().add(1)));
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(403);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("SALES_NOT_OPEN");
    HttpResponse<Buffer> held = app.callAndWait(HttpMethod.POST, "/api/v1/reservations", user.token(),
        new JsonObject().put("scheduleId", openSchedule).put("seatNumbers", new JsonArray().add(1)));
    assertThat(held.statusCode()).as(held.bodyAsString()).isEqualTo(201);
    // Nothing of the refused hold was kept: the seat map of the later concert is all free.
    JsonArray seats = app.callAndWait(HttpMethod.GET, "/api/v1/schedules/" + laterSchedule + "/seats", user.token(), null)
        .bodyAsJsonObject().getJsonArray("items");
    assertThat(seats.getJsonObject(0).getString("status")).isEqualTo("AVAILABLE");
  }

  @Test
  void theFirstAdmissionComesAtTheOpeningNotATickAfterIt() {
    // Ticks 3 s apart: waiting for the next tick (and a bucket that starts empty) would admit the
    // pre-queue 3 to 6 s after the opening; the opening's own tick admits it at the instant.
    app = TestApp.start(java.util.Map.of("CONCERT_QUEUE_ADMIT_INTERVAL_MS", "3000"));
    Instant opensAt = Instant.now().plusSeconds(5);
    long concertId = createConcert(app, opensAt, 10, 100).getLong("concertId");
    HttpResponse<Buffer> joined = app.callAndWait(HttpMethod.POST, "/api/v1/queue/tokens", null,
        new JsonObject().put("userId", java.util.UUID.randomUUID().toString()).put("concertId", concertId));
    assertThat(joined.statusCode()).as(joined.bodyAsString()).isEqualTo(201);
    String token = joined.bodyAsJsonObject().getString("token");
    assertThat(Instant.now()).as("joined before the opening").isBefore(opensAt);
    long untilOpening = Duration.between(Instant.now(), opensAt).toMillis();
    dev.concert.support.Wait.within(Duration.ofMillis(untilOpening), System.nanoTime(),
        () -> "ACTIVE".equals(app.callAndWait(HttpMethod.GET, "/api/v1/queue/tokens/current", token, null)
            .bodyAsJsonObject().getString("status")),
        "the pre-queued token admitted at the opening");
  }
}
