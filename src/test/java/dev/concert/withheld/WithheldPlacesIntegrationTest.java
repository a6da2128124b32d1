package dev.concert.withheld;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.EventStreamClient;
import dev.concert.support.OneAppPerClass;
import dev.concert.support.SeatMaps;
import dev.concert.support.TestApp;
import dev.concert.support.TestApp.ActiveUser;
import dev.concert.support.Wait;
import io.vertx.core.Future;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Withheld places through the service: off the sale at once, back on it, kept across a Redis loss. */
class WithheldPlacesIntegrationTest extends OneAppPerClass {
  private static final long PRICE = 1_000;

  private static String path(long schedule) {
    return "/api/v1/admin/schedules/" + schedule + "/withheld";
  }

  private static Future<HttpResponse<Buffer>> send(HttpMethod method, long schedule, JsonObject body) {
    return shop.admin(method, path(schedule), body);
  }

  private static JsonObject change(HttpMethod method, long schedule, JsonObject body) {
    HttpResponse<Buffer> answer = TestApp.await(send(method, schedule, body));
    contract.assertConforms(method == HttpMethod.POST ? "withholdPlaces" : "putBackPlaces", answer);
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    return answer.bodyAsJsonObject();
  }

  private static JsonObject places(Integer... seats) {
    return new JsonObject().put("seatNumbers", new JsonArray(List.of((Object[]) seats)));
  }

  private static long rows(long schedule) {
    return app.count("SELECT count(*) FROM withheld_places WHERE schedule_id = $1", schedule);
  }

  private static void assertRefused(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo(code);
  }

  private static long available(ActiveUser viewer, long schedule) {
    HttpResponse<Buffer> listed = app.callAndWait(HttpMethod.GET, "/api/v1/schedules/" + schedule + "/sections", viewer.token(), null);
    assertThat(listed.statusCode()).as(listed.bodyAsString()).isEqualTo(200);
    return listed.bodyAsJsonObject().getJsonArray("items").stream().mapToLong(s -> ((JsonObject) s).getLong("available")).sum();
  }

  @Test
  void withheldFreePlacesShowWithheldAndCannotBeHeld() {
    long schedule = shop.schedule(10, PRICE, Duration.ofDays(10));
    ActiveUser buyer = app.activeUser();
    JsonObject done = change(HttpMethod.POST, schedule, places(1, 2));
    assertThat(done.getJsonArray("withheld")).containsExactly(1, 2);
    assertThat(done.getJsonArray("notWithheld")).isEmpty();

    assertThat(shop.seatStatus(buyer, schedule, 1)).isEqualTo("WITHHELD");
    assertThat(shop.seatStatus(buyer, schedule, 2)).isEqualTo("WITHHELD");
    assertRefused(TestApp.await(app.requestHold(buyer, schedule, List.of(3, 2))), 409, "SEAT_UNAVAILABLE");
    assertThat(shop.seatStatus(buyer, schedule, 3)).isEqualTo("AVAILABLE");
    assertThat(available(buyer, schedule)).isEqualTo(8);
    // The availability document: 2 bits a place, place 1 in the high bits, 3 = WITHHELD.
    HttpResponse<Buffer> availability = app.callAndWait(HttpMethod.GET, "/api/v1/schedules/" + schedule + "/availability",
        buyer.token(), null);
    assertThat(availability.statusCode()).as(availability.bodyAsString()).isEqualTo(200);
    byte[] bits = java.util.Base64.getDecoder().decode(availability.bodyAsJsonObject().getString("statuses"));
    assertThat((bits[0] >> 6) & 3).isEqualTo(3);
    assertThat((bits[0] >> 4) & 3).isEqualTo(3);
    assertThat((bits[0] >> 2) & 3).isEqualTo(0);
    assertThat(rows(schedule)).isEqualTo(2);
    assertThat(app.count("SELECT count(*) FROM operator_actions WHERE action = 'places.withhold' AND target = $1",
        "schedule:" + schedule)).isEqualTo(1);

    // A retry changes nothing and answers the same.
    assertThat(change(HttpMethod.POST, schedule, places(1, 2)).getJsonArray("withheld")).containsExactly(1, 2);
    assertThat(rows(schedule)).isEqualTo(2);
  }

  @Test
  void heldAndSoldPlacesAreListedBackAndLeftAsTheyAre() {
    long schedule = shop.schedule(10, PRICE, Duration.ofDays(10));
    shop.buy(schedule, List.of(1), PRICE);
    ActiveUser holder = app.activeUser();
    String held = shop.hold(holder, schedule, List.of(2));

    JsonObject done = change(HttpMethod.POST, schedule, places(1, 2, 3));
    assertThat(done.getJsonArray("withheld")).containsExactly(3);
    assertThat(done.getJsonArray("notWithheld")).containsExactly(1, 2);
    assertThat(shop.seatStatus(holder, schedule, 1)).isEqualTo("SOLD");
    assertThat(shop.seatStatus(holder, schedule, 2)).isEqualTo("HELD");
    assertThat(rows(schedule)).isEqualTo(1);
    // The hold goes on as before: its owner pays for it.
    shop.charge(holder, PRICE);
    shop.pay(holder, held);
    assertThat(shop.seatStatus(app.activeUser(), schedule, 2)).isEqualTo("SOLD");
  }

  @Test
  void placesPutBackAreOnSaleAgain() {
    long schedule = shop.schedule(10, PRICE, Duration.ofDays(10));
    change(HttpMethod.POST, schedule, places(4, 5));
    JsonObject back = change(HttpMethod.DELETE, schedule, places(4));
    assertThat(back.getJsonArray("withheld")).isEmpty();
    assertThat(back.getJsonArray("notWithheld")).containsExactly(4);
    ActiveUser buyer = app.activeUser();
    assertThat(shop.seatStatus(buyer, schedule, 4)).isEqualTo("AVAILABLE");
    assertThat(shop.seatStatus(buyer, schedule, 5)).isEqualTo("WITHHELD");
    shop.hold(buyer, schedule, List.of(4));
    assertThat(rows(schedule)).isEqualTo(1);
    assertThat(app.count("SELECT count(*) FROM operator_actions WHERE action = 'places.put-back' AND target = $1",
        "schedule:" + schedule)).isEqualTo(1);
  }

  @Test
  void badRequestsChangeNothing() {
    long schedule = shop.schedule(10, PRICE, Duration.ofDays(10));
    assertRefused(TestApp.await(send(HttpMethod.POST, schedule, places(0))), 400, "VALIDATION_FAILED");
    assertRefused(TestApp.await(send(HttpMethod.POST, schedule, places(11))), 400, "VALIDATION_FAILED");
    assertRefused(TestApp.await(send(HttpMethod.POST, schedule, places(1, 1))), 400, "VALIDATION_FAILED");
    assertRefused(TestApp.await(send(HttpMethod.POST, schedule, new JsonObject())), 400, "VALIDATION_FAILED");
    assertRefused(TestApp.await(send(HttpMethod.POST, schedule, places(1).put("section", 0))), 400, "VALIDATION_FAILED");
    assertRefused(TestApp.await(send(HttpMethod.POST, schedule, new JsonObject().put("section", 99))), 400, "VALIDATION_FAILED");
    assertRefused(TestApp.await(send(HttpMethod.POST, schedule, new JsonObject().put("seats", 1))), 400, "VALIDATION_FAILED");
    assertRefused(TestApp.await(send(HttpMethod.DELETE, schedule, places(0))), 400, "VALIDATION_FAILED");
    assertRefused(TestApp.await(send(HttpMethod.POST, 987_654_321, places(1))), 404, "NOT_FOUND");
    HttpResponse<Buffer> noKey = TestApp.await(app.client().post(path(schedule)).sendJsonObject(places(1)));
    assertThat(noKey.statusCode()).isEqualTo(401);
    assertThat(rows(schedule)).isZero();
    assertThat(shop.seatStatus(app.activeUser(), schedule, 1)).isEqualTo("AVAILABLE");
  }

  /**
   * 200 buyers race, two for each of 100 places, while one withholding of all 100 runs among them
   * (sent after three quarters of the holds, the date's hall already cached by a first withholding of place
   * 101, so that it lands among them): every place ends held by exactly one buyer or withheld, never
   * both, in Redis and in Postgres.
   */
  @Test
  void holdsRacingAWithholdingEndWithEachPlaceHeldByOneOrWithheld() {
    int places = 100;
    long schedule = shop.schedule(places + 1, PRICE, Duration.ofDays(10));
    List<ActiveUser> buyers = app.activeUsers(2 * places);
    change(HttpMethod.POST, schedule, places(places + 1));
    List<Integer> all = new ArrayList<>();
    for (int seat = 1; seat <= places; seat++) {
      all.add(seat);
    }
    List<Future<HttpResponse<Buffer>>> holds = new ArrayList<>();
    Future<HttpResponse<Buffer>> withholding = null;
    for (int i = 0; i < buyers.size(); i++) {
      if (i == 3 * places / 2) {
        withholding = send(HttpMethod.POST, schedule, new JsonObject().put("seatNumbers", new JsonArray(all)));
      }
      holds.add(app.requestHold(buyers.get(i), schedule, List.of(i % places + 1)));
    }
    HttpResponse<Buffer> withheldAnswer = TestApp.await(withholding);
    assertThat(withheldAnswer.statusCode()).as(withheldAnswer.bodyAsString()).isEqualTo(200);
    Set<Integer> withheld = new HashSet<>();
    withheldAnswer.bodyAsJsonObject().getJsonArray("withheld").forEach(n -> withheld.add((Integer) n));
    Set<Integer> notWithheld = new HashSet<>();
    withheldAnswer.bodyAsJsonObject().getJsonArray("notWithheld").forEach(n -> notWithheld.add((Integer) n));

    Map<Integer, Integer> heldBy = new HashMap<>();
    for (int i = 0; i < holds.size(); i++) {
      HttpResponse<Buffer> answer = TestApp.await(holds.get(i));
      int seat = i % places + 1;
      if (answer.statusCode() == 201) {
        heldBy.merge(seat, 1, Integer::sum);
      } else {
        assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(409);
      }
    }
    assertThat(withheld.size() + notWithheld.size()).isEqualTo(places);
    for (int seat = 1; seat <= places; seat++) {
      if (withheld.contains(seat)) {
        assertThat(heldBy.get(seat)).as("holds of withheld place %d", seat).isNull();
      } else {
        assertThat(heldBy.get(seat)).as("holds of place %d", seat).isEqualTo(1);
      }
    }
    Map<String, String> served = SeatMaps.served(app, buyers.get(0).token(), List.of(schedule));
    for (int seat = 1; seat <= places; seat++) {
      assertThat(served.get(schedule + "/" + seat)).isEqualTo(withheld.contains(seat) ? "WITHHELD" : "HELD");
    }
    assertThat(rows(schedule)).isEqualTo(withheld.size() + 1);
    assertThat(app.count("SELECT count(*) FROM reservation_seats r JOIN withheld_places w "
        + "ON w.schedule_id = r.schedule_id AND w.seat_number = r.seat_number "
        + "WHERE r.schedule_id = $1 AND r.status IN ('HELD', 'PAID')", schedule)).isZero();
  }

  @Test
  void aRedisFlushKeepsWithheldPlacesWithheld() {
    long schedule = shop.schedule(10, PRICE, Duration.ofDays(10));
    shop.buy(schedule, List.of(1), PRICE);
    change(HttpMethod.POST, schedule, places(5, 6));

    TestApp.await(app.redis().send(Request.cmd(Command.FLUSHDB)));
    ActiveUser viewer = app.activeUser();
    Wait.until(() -> SeatMaps.served(app, viewer.token(), List.of(schedule))
        .equals(Map.of(schedule + "/1", "SOLD", schedule + "/5", "WITHHELD", schedule + "/6", "WITHHELD")),
        "the sold and withheld places to come back");
    assertRefused(TestApp.await(app.requestHold(viewer, schedule, List.of(5))), 409, "SEAT_UNAVAILABLE");
  }

  @Test
  void aSeatStreamShowsPlacesWithheldAndPutBack() {
    long schedule = shop.schedule(10, PRICE, Duration.ofDays(10));
    ActiveUser watcher = app.activeUser();
    String stream = "/api/v1/schedules/" + schedule + "/seats/events";
    try (EventStreamClient events = EventStreamClient.open(app.vertx(), app.port(), stream, watcher.token(), true)) {
      assertThat(events.next(10_000).name()).isEqualTo("snapshot");
      change(HttpMethod.POST, schedule, places(7));
      assertThat(events.until(e -> e.name().equals("seats"), 10_000).data().getJsonArray("changes"))
          .containsExactly(new JsonObject().put("seatNumber", 7).put("status", "WITHHELD"));
      change(HttpMethod.DELETE, schedule, places(7));
      assertThat(events.until(e -> e.name().equals("seats"), 10_000).data().getJsonArray("changes"))
          .containsExactly(new JsonObject().put("seatNumber", 7).put("status", "AVAILABLE"));
    }
  }

  /** A venue date: a whole section withheld, its held place listed back; counts follow. */
  @Test
  void aSectionOfAVenueDateIsWithheldAndPutBack() {
    JsonObject front = new JsonObject().put("name", "Front").put("kind", "SEATED").put("rows", new JsonArray()
        .add(new JsonObject().put("label", "A").put("seats", 5)).add(new JsonObject().put("label", "B").put("seats", 5)));
    JsonObject pit = new JsonObject().put("name", "Pit").put("kind", "STANDING").put("capacity", 20);
    HttpResponse<Buffer> venue = TestApp.await(shop.admin(HttpMethod.POST, "/api/v1/admin/venues",
        new JsonObject().put("name", "Withheld club").put("sections", new JsonArray().add(front).add(pit))));
    assertThat(venue.statusCode()).as(venue.bodyAsString()).isEqualTo(201);
    long frontId = venue.bodyAsJsonObject().getJsonArray("sections").getJsonObject(0).getLong("sectionId");
    JsonObject date = new JsonObject().put("startsAt", Instant.now().plus(Duration.ofDays(20)).truncatedTo(ChronoUnit.SECONDS).toString())
        .put("venueId", venue.bodyAsJsonObject().getLong("venueId")).put("grades", new JsonArray()
            .add(new JsonObject().put("name", "All").put("price", PRICE).put("sections", new JsonArray().add("Front").add("Pit"))));
    HttpResponse<Buffer> concert = TestApp.await(shop.admin(HttpMethod.POST, "/api/v1/admin/concerts",
        new JsonObject().put("title", "Withheld night").put("schedules", new JsonArray().add(date))));
    assertThat(concert.statusCode()).as(concert.bodyAsString()).isEqualTo(201);
    long schedule = concert.bodyAsJsonObject().getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
    ActiveUser holder = app.activeUser();
    shop.hold(holder, schedule, List.of(1));

    JsonObject done = change(HttpMethod.POST, schedule, new JsonObject().put("section", frontId));
    assertThat(done.getJsonArray("withheld")).containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(done.getJsonArray("notWithheld")).containsExactly(1);
    assertThat(available(holder, schedule)).isEqualTo(20);
    HttpResponse<Buffer> frontMap = app.callAndWait(HttpMethod.GET,
        "/api/v1/schedules/" + schedule + "/seats?section=" + frontId, holder.token(), null);
    assertThat(frontMap.bodyAsJsonObject().getJsonArray("items").stream().map(s -> ((JsonObject) s).getString("status")))
        .containsExactly("HELD", "WITHHELD", "WITHHELD", "WITHHELD", "WITHHELD", "WITHHELD", "WITHHELD", "WITHHELD",
            "WITHHELD", "WITHHELD");

    change(HttpMethod.DELETE, schedule, new JsonObject().put("section", frontId));
    assertThat(available(holder, schedule)).isEqualTo(29);
    assertThat(rows(schedule)).isZero();
  }
}
