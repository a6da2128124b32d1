package dev.concert.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.seats.SeatKeys;
import dev.concert.support.ContractResponses;
import dev.concert.support.TestApp;
import dev.concert.support.TwoInstances;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Best available over HTTP on venue dates, on two instances of the service against real Postgres
 * and Redis: the places picked and priced, the body's rules, none fit, hundreds of concurrent
 * buyers, and a date sold out by best available alone with the audit clean.
 */
class BestAvailableIntegrationTest {
  private static final long VIP = 100_000;
  private static final long GA = 30_000;
  private static TwoInstances instances;
  private static TestApp app;
  private static ContractResponses contract;

  @BeforeAll
  static void start() {
    instances = TwoInstances.start(Map.of());
    app = instances.first();
    contract = ContractResponses.load(app.vertx());
  }

  @AfterAll
  static void stop() {
    instances.close();
  }

  private static JsonObject seated(String name, int rows, int seats) {
    JsonArray list = new JsonArray();
    for (int r = 0; r < rows; r++) {
      list.add(new JsonObject().put("label", Character.toString('A' + r)).put("seats", seats));
    }
    return new JsonObject().put("name", name).put("kind", "SEATED").put("rows", list);
  }

  private static JsonObject standing(String name, int capacity) {
    return new JsonObject().put("name", name).put("kind", "STANDING").put("capacity", capacity);
  }

  private static JsonObject grade(String name, long price, String... sections) {
    return new JsonObject().put("name", name).put("price", price).put("sections", new JsonArray(List.of((Object[]) sections)));
  }

  /** A venue of {@code sections} and a date in it with {@code grades}: the venue's answer and the schedule id. */
  private static Date date(JsonArray sections, JsonObject... grades) {
    HttpResponse<Buffer> venue = TestApp.await(app.client().post("/api/v1/admin/venues").putHeader("Admin-Key", TestApp.ADMIN_KEY)
        .sendJsonObject(new JsonObject().put("name", "Venue " + System.nanoTime()).put("sections", sections)));
    assertThat(venue.statusCode()).as(venue.bodyAsString()).isEqualTo(201);
    JsonObject schedule = new JsonObject().put("startsAt", Instant.now().plus(Duration.ofDays(20)).truncatedTo(ChronoUnit.SECONDS).toString())
        .put("venueId", venue.bodyAsJsonObject().getLong("venueId")).put("grades", new JsonArray(List.of((Object[]) grades)));
    HttpResponse<Buffer> created = TestApp.await(app.client().post("/api/v1/admin/concerts").putHeader("Admin-Key", TestApp.ADMIN_KEY)
        .sendJsonObject(new JsonObject().put("title", "Best available").put("schedules", new JsonArray().add(schedule))));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return new Date(venue.bodyAsJsonObject(), created.bodyAsJsonObject().getJsonArray("schedules").getJsonObject(0).getLong("scheduleId"));
  }

  private record Date(JsonObject venue, long scheduleId) {
    long sectionId(int index) {
      return venue.getJsonArray("sections").getJsonObject(index).getLong("sectionId");
    }
  }

  /** {@code count} ACTIVE buyers, admitted a hundred at a time (a loaded machine polls slowly). */
  private static List<TestApp.ActiveUser> users(int count) {
    List<TestApp.ActiveUser> users = new ArrayList<>();
    while (users.size() < count) {
      users.addAll(app.activeUsers(Math.min(100, count - users.size())));
    }
    return users;
  }

  private static JsonObject best(long schedule, int quantity) {
    return new JsonObject().put("scheduleId", schedule).put("quantity", quantity);
  }

  private static Future<HttpResponse<Buffer>> post(TestApp instance, TestApp.ActiveUser user, JsonObject body) {
    return instance.call(HttpMethod.POST, "/api/v1/reservations", user.token(), body);
  }

  private static HttpResponse<Buffer> hold(TestApp.ActiveUser user, JsonObject body) {
    HttpResponse<Buffer> answer = TestApp.await(post(app, user, body));
    contract.assertConforms("holdSeats", answer);
    return answer;
  }

  private static List<Integer> seatNumbers(HttpResponse<Buffer> held) {
    assertThat(held.statusCode()).as(held.bodyAsString()).isEqualTo(201);
    List<Integer> numbers = new ArrayList<>();
    held.bodyAsJsonObject().getJsonArray("seatNumbers").forEach(n -> numbers.add((Integer) n));
    return numbers;
  }

  /** "Front": rows A and B of 5 seats (places 1-10), VIP; "Pit": 2,500 standing (11-2510), GA. */
  private static Date club() {
    return date(new JsonArray().add(seated("Front", 2, 5)).add(standing("Pit", 2_500)),
        grade("VIP", VIP, "Front"), grade("GA", GA, "Pit"));
  }

  @Test
  void theBestPlacesAreHeldPricedAndLabelledLikeAHoldByNumbers() {
    Date club = club();
    HttpResponse<Buffer> held = hold(app.activeUser(), best(club.scheduleId(), 2).put("grade", "VIP"));
    assertThat(seatNumbers(held)).as("row A's middle; on a tie the lower seats").containsExactly(2, 3);
    JsonObject reservation = held.bodyAsJsonObject();
    assertThat(reservation.getLong("amount")).isEqualTo(2 * VIP);
    assertThat(reservation.getString("status")).isEqualTo("HELD");
    assertThat(reservation.getJsonArray("seats").getJsonObject(0)).isEqualTo(new JsonObject().put("seatNumber", 2)
        .put("section", "Front").put("row", "A").put("seat", "2").put("grade", "VIP").put("price", VIP));

    assertThat(seatNumbers(hold(app.activeUser(), best(club.scheduleId(), 4).put("grade", "VIP"))))
        .as("row A has 1, 4, 5 left: row B").containsExactly(6, 7, 8, 9);
    HttpResponse<Buffer> none = hold(app.activeUser(), best(club.scheduleId(), 4).put("grade", "VIP"));
    assertThat(none.statusCode()).isEqualTo(409);
    assertThat(none.bodyAsJsonObject().getString("code")).isEqualTo("SEAT_UNAVAILABLE");
    assertThat(seatNumbers(hold(app.activeUser(), best(club.scheduleId(), 4).put("grade", "VIP").put("together", false))))
        .containsExactly(1, 4, 5, 10);

    HttpResponse<Buffer> pit = hold(app.activeUser(), best(club.scheduleId(), 3).put("section", club.sectionId(1)));
    assertThat(seatNumbers(pit)).containsExactly(11, 12, 13);
    assertThat(pit.bodyAsJsonObject().getLong("amount")).isEqualTo(3 * GA);
    assertThat(pit.bodyAsJsonObject().getJsonArray("seats").getJsonObject(0).getValue("row")).isNull();

    // The same path as a hold by numbers: the record, its event, and the seat map.
    String reservationId = reservation.getString("reservationId");
    Row event = TestApp.await(app.pool().preparedQuery("SELECT payload FROM outbox WHERE event_key = $1 AND event_type = 'ReservationHeld'")
        .execute(Tuple.of(reservationId))).iterator().next();
    assertThat(((JsonObject) event.getJson("payload")).getJsonArray("seats")).isEqualTo(reservation.getJsonArray("seats"));
    assertThat(app.count("SELECT count(*) FROM reservation_seats WHERE schedule_id = $1 AND status = 'HELD'", club.scheduleId()))
        .isEqualTo(13);
  }

  @Test
  void aBodyWithBothFormsNeitherOrAGradeOrSectionTheDateLacksIsRefusedAndHoldsNothing() {
    Date club = club();
    TestApp.ActiveUser buyer = app.activeUser();
    List<JsonObject> bad = List.of(
        best(club.scheduleId(), 2).put("grade", "VIP").put("seatNumbers", new JsonArray().add(1)),
        new JsonObject().put("scheduleId", club.scheduleId()).put("grade", "VIP"),
        best(club.scheduleId(), 2),
        best(club.scheduleId(), 2).put("grade", "Balcony"),
        best(club.scheduleId(), 2).put("section", 999_999_999L),
        best(club.scheduleId(), 2).put("grade", "VIP").put("section", club.sectionId(0)),
        best(club.scheduleId(), 5).put("grade", "VIP"),
        best(club.scheduleId(), 0).put("grade", "VIP"));
    for (JsonObject body : bad) {
      HttpResponse<Buffer> refused = hold(buyer, body);
      assertThat(refused.statusCode()).as(body.encode()).isEqualTo(400);
      assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("VALIDATION_FAILED");
    }
    assertThat(app.count("SELECT count(*) FROM reservations WHERE schedule_id = $1", club.scheduleId())).isZero();
    assertThat(TestApp.await(app.redis().send(Request.cmd(Command.HLEN).arg(SeatKeys.seats(club.scheduleId())))).toInteger()).isZero();
  }

  @Test
  void threeHundredConcurrentBuyersOnTwoInstancesGetDisjointAdjacentPlaces() {
    // Two seated sections of 8 rows of 12 (places 1-96, 97-192), a standing floor of 60 (193-252).
    Date arena = date(new JsonArray().add(seated("North", 8, 12)).add(seated("South", 8, 12)).add(standing("Floor", 60)),
        grade("Seats", VIP, "North", "South"), grade("Floor", GA, "Floor"));
    List<TestApp.ActiveUser> users = users(300);
    Random random = new Random(27);
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < users.size(); i++) {
      String grade = i % 5 == 0 ? "Floor" : "Seats";
      calls.add(post(instances.both().get(i % 2), users.get(i), best(arena.scheduleId(), 1 + random.nextInt(4)).put("grade", grade)));
    }
    TestApp.await(Future.join(calls));
    Set<Integer> held = new HashSet<>();
    Map<String, List<Integer>> byReservation = new HashMap<>();
    for (Future<HttpResponse<Buffer>> call : calls) {
      HttpResponse<Buffer> answer = call.result();
      if (answer.statusCode() == 409) {
        assertThat(answer.bodyAsJsonObject().getString("code")).isEqualTo("SEAT_UNAVAILABLE");
        continue;
      }
      List<Integer> places = seatNumbers(answer);
      for (int place : places) {
        assertThat(held.add(place)).as("place %d held twice", place).isTrue();
      }
      if (places.get(0) <= 192) {
        int row = (places.get(0) - 1) / 12;
        for (int k = 0; k < places.size(); k++) {
          assertThat(places.get(k)).as("adjacent in one row: %s", places).isEqualTo(places.get(0) + k);
          assertThat((places.get(k) - 1) / 12).as("one row: %s", places).isEqualTo(row);
        }
      }
      byReservation.put(answer.bodyAsJsonObject().getString("reservationId"), places);
    }
    assertThat(held.size()).as("most places went").isGreaterThan(150);
    // Postgres and Redis agree with the answers: each place held by the reservation that was told so.
    assertThat(app.count("SELECT count(*) FROM reservation_seats WHERE schedule_id = $1 AND status = 'HELD'", arena.scheduleId()))
        .isEqualTo(held.size());
    Map<String, String> redis = new HashMap<>();
    TestApp.await(app.redis().send(Request.cmd(Command.HGETALL).arg(SeatKeys.seats(arena.scheduleId()))))
        .getKeys().forEach(key -> redis.put(key, null));
    assertThat(redis).hasSize(held.size());
    byReservation.forEach((reservation, places) -> places.forEach(place -> assertThat(TestApp.await(app.redis()
        .send(Request.cmd(Command.HGET).arg(SeatKeys.seats(arena.scheduleId())).arg(place))).toString())
        .startsWith("H:" + reservation + ":")));
  }

  @Test
  void aDateIsSoldOutByBestAvailableAloneEachPlaceOnceAndTheAuditIsClean() {
    // "Stalls": 3 rows of 8 (places 1-24), "Pit": 16 standing (25-40).
    Date studio = date(new JsonArray().add(seated("Stalls", 3, 8)).add(standing("Pit", 16)),
        grade("Stalls", VIP, "Stalls"), grade("Pit", GA, "Pit"));
    // A payment ends the buyer's token: each reservation is a new buyer's, 20 shopping at once.
    List<TestApp.ActiveUser> buyers = users(60); // at most 40 reservations, and each shopper's last try
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    List<Future<Integer>> shopping = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      TestApp instance = instances.both().get(i % 2);
      Random random = new Random(i);
      shopping.add(buyUntilSoldOut(instance, buyers, next, studio.scheduleId(), random, 0));
    }
    TestApp.await(Future.all(shopping));
    int bought = shopping.stream().mapToInt(Future::result).sum();
    assertThat(bought).isEqualTo(40);
    List<Integer> paid = new ArrayList<>();
    TestApp.await(app.pool().preparedQuery("SELECT seat_number FROM reservation_seats WHERE schedule_id = $1 AND status = 'PAID'")
        .execute(Tuple.of(studio.scheduleId()))).forEach(row -> paid.add(row.getInteger(0)));
    assertThat(paid).hasSize(40).doesNotHaveDuplicates().allMatch(place -> place >= 1 && place <= 40);
    assertThat(app.count("SELECT count(*) FROM reservation_seats WHERE schedule_id = $1 AND status <> 'PAID'", studio.scheduleId()))
        .isZero();

    HttpResponse<Buffer> audit = TestApp.await(app.client().get("/api/v1/admin/audit").putHeader("Admin-Key", TestApp.ADMIN_KEY).send());
    contract.assertConforms("runAudit", audit);
    assertThat(audit.statusCode()).as(audit.bodyAsString()).isEqualTo(200);
    assertThat(audit.bodyAsJsonObject().getLong("discrepancies")).as(audit.bodyAsString()).isZero();
  }

  /**
   * One shopper: buyers one after another, each holding best available (1 to 4 places, a random
   * grade, together, then spread, then the other grade, then one place) and paying at once, until
   * no place is free; the places bought.
   */
  private static Future<Integer> buyUntilSoldOut(TestApp instance, List<TestApp.ActiveUser> buyers,
      java.util.concurrent.atomic.AtomicInteger next, long schedule, Random random, int bought) {
    TestApp.ActiveUser buyer = buyers.get(next.getAndIncrement());
    int quantity = 1 + random.nextInt(4);
    String grade = random.nextBoolean() ? "Stalls" : "Pit";
    String other = grade.equals("Stalls") ? "Pit" : "Stalls";
    List<JsonObject> tries = new ArrayList<>(List.of(
        best(schedule, quantity).put("grade", grade),
        best(schedule, quantity).put("grade", grade).put("together", false),
        best(schedule, quantity).put("grade", other).put("together", false),
        best(schedule, 1).put("grade", grade),
        best(schedule, 1).put("grade", other)));
    return instance.charge(buyer, 4 * VIP, null).compose(charged -> firstHeld(instance, buyer, tries)).compose(held -> {
      if (held == null) {
        return Future.succeededFuture(bought);
      }
      int places = held.getJsonArray("seatNumbers").size();
      return instance.pay(buyer, held.getString("reservationId"), null).compose(paid -> {
        assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
        return buyUntilSoldOut(instance, buyers, next, schedule, random, bought + places);
      });
    });
  }

  /** The first of {@code tries} that holds (null when none does: every one answered 409 SEAT_UNAVAILABLE). */
  private static Future<JsonObject> firstHeld(TestApp instance, TestApp.ActiveUser buyer, List<JsonObject> tries) {
    if (tries.isEmpty()) {
      return Future.succeededFuture(null);
    }
    return post(instance, buyer, tries.get(0)).compose(answer -> {
      if (answer.statusCode() == 201) {
        return Future.succeededFuture(answer.bodyAsJsonObject());
      }
      assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(409);
      assertThat(answer.bodyAsJsonObject().getString("code")).isEqualTo("SEAT_UNAVAILABLE");
      return firstHeld(instance, buyer, tries.subList(1, tries.size()));
    });
  }
}
