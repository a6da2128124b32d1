package dev.concert.concert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.OneAppPerClass;
import dev.concert.support.Sql;
import dev.concert.support.TestApp;
import dev.concert.support.Venues;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A date in a venue over HTTP against real Postgres and Redis: created with grades, listed with
 * grade counts, read by section, held and paid at grade prices with the places' labels in the
 * reservation, its tickets and its events.
 */
class VenueDateIntegrationTest extends OneAppPerClass {
  private static final long VIP = 100_000;
  private static final long GA = 30_000;

  private static JsonArray grades(JsonObject... grades) {
    return new JsonArray(List.of((Object[]) grades));
  }

  private static JsonObject grade(String name, long price, String... sections) {
    return new JsonObject().put("name", name).put("price", price).put("sections", new JsonArray(List.of((Object[]) sections)));
  }

  private static HttpResponse<Buffer> createConcert(JsonObject schedule) {
    return TestApp.await(app.client().post("/api/v1/admin/concerts").putHeader("Admin-Key", TestApp.ADMIN_KEY)
        .sendJsonObject(new JsonObject().put("title", "Club night").put("schedules", new JsonArray().add(schedule))));
  }

  private static JsonObject venueDate(long venueId, JsonArray grades) {
    return new JsonObject().put("startsAt", Instant.now().plus(Duration.ofDays(20)).truncatedTo(ChronoUnit.SECONDS).toString())
        .put("venueId", venueId).put("grades", grades);
  }

  private static HttpResponse<Buffer> get(String path, TestApp.ActiveUser user) {
    return app.callAndWait(HttpMethod.GET, path, user.token(), null);
  }

  @Test
  void aVenueDateIsListedReadBySectionHeldAndPaidAtGradePrices() {
    JsonObject venue = Venues.frontAndPit(app, "Club");
    long frontId = venue.getJsonArray("sections").getJsonObject(0).getLong("sectionId");
    long pitId = venue.getJsonArray("sections").getJsonObject(1).getLong("sectionId");
    HttpResponse<Buffer> created = createConcert(venueDate(venue.getLong("venueId"),
        grades(grade("VIP", VIP, "Front"), grade("GA", GA, "Pit"))));
    contract.assertConforms("createConcert", created);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject date = created.bodyAsJsonObject().getJsonArray("schedules").getJsonObject(0);
    assertThat(date.getInteger("totalSeats")).isEqualTo(2_510);
    assertThat(date.getLong("price")).isEqualTo(GA);
    long schedule = date.getLong("scheduleId");
    long concertId = created.bodyAsJsonObject().getLong("concertId");

    TestApp.ActiveUser buyer = app.activeUser();
    HttpResponse<Buffer> listed = get("/api/v1/concerts/" + concertId + "/schedules", buyer);
    contract.assertConforms("listSchedules", listed);
    JsonObject item = listed.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(item.getLong("venueId")).isEqualTo(venue.getLong("venueId"));
    assertThat(item.getLong("price")).isEqualTo(GA);
    assertThat(item.getJsonArray("grades")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("name", "VIP").put("price", VIP).put("available", 10))
        .add(new JsonObject().put("name", "GA").put("price", GA).put("available", 2_500)));

    // More than 2,000 places: read one section at a time.
    HttpResponse<Buffer> whole = get("/api/v1/schedules/" + schedule + "/seats", buyer);
    contract.assertConforms("getSeatMap", whole);
    assertThat(whole.statusCode()).isEqualTo(400);
    assertThat(whole.bodyAsJsonObject().getString("code")).isEqualTo("VALIDATION_FAILED");
    assertThat(whole.bodyAsJsonObject().getString("detail")).contains("section");
    assertThat(get("/api/v1/schedules/" + schedule + "/seats?section=999999999", buyer).statusCode()).isEqualTo(404);
    HttpResponse<Buffer> front = get("/api/v1/schedules/" + schedule + "/seats?section=" + frontId, buyer);
    contract.assertConforms("getSeatMap", front);
    JsonArray frontSeats = front.bodyAsJsonObject().getJsonArray("items");
    assertThat(frontSeats).hasSize(10);
    assertThat(frontSeats.getJsonObject(6)).isEqualTo(new JsonObject().put("seatNumber", 7).put("price", VIP)
        .put("status", "AVAILABLE").put("section", "Front").put("row", "B").put("seat", "2").put("grade", "VIP"));

    HttpResponse<Buffer> held = TestApp.await(app.requestHold(buyer, schedule, List.of(7, 11)));
    contract.assertConforms("holdSeats", held);
    assertThat(held.statusCode()).as(held.bodyAsString()).isEqualTo(201);
    JsonObject reservation = held.bodyAsJsonObject();
    assertThat(reservation.getLong("amount")).isEqualTo(VIP + GA);
    assertThat(reservation.getJsonArray("seats")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("seatNumber", 7).put("section", "Front").put("row", "B").put("seat", "2")
            .put("grade", "VIP").put("price", VIP))
        .add(new JsonObject().put("seatNumber", 11).put("section", "Pit").putNull("row").putNull("seat")
            .put("grade", "GA").put("price", GA)));

    HttpResponse<Buffer> sections = get("/api/v1/schedules/" + schedule + "/sections", buyer);
    contract.assertConforms("listSections", sections);
    assertThat(sections.bodyAsJsonObject().getJsonArray("items")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("sectionId", frontId).put("name", "Front").put("kind", "SEATED").put("grade", "VIP")
            .put("price", VIP).put("capacity", 10).put("available", 9))
        .add(new JsonObject().put("sectionId", pitId).put("name", "Pit").put("kind", "STANDING").put("grade", "GA")
            .put("price", GA).put("capacity", 2_500).put("available", 2_499)));
    JsonArray pit = get("/api/v1/schedules/" + schedule + "/seats?section=" + pitId, buyer).bodyAsJsonObject().getJsonArray("items");
    assertThat(pit).hasSize(2_500);
    assertThat(pit.getJsonObject(0).getString("status")).isEqualTo("HELD");

    String reservationId = reservation.getString("reservationId");
    assertThat(TestApp.await(app.charge(buyer, VIP + GA, null)).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> paid = TestApp.await(app.pay(buyer, reservationId, null));
    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
    assertThat(paid.bodyAsJsonObject().getLong("amount")).isEqualTo(VIP + GA);
    assertThat(paid.bodyAsJsonObject().getLong("balance")).isZero();

    HttpResponse<Buffer> read = get("/api/v1/reservations/" + reservationId, buyer);
    contract.assertConforms("getReservation", read);
    JsonArray tickets = read.bodyAsJsonObject().getJsonArray("tickets");
    assertThat(tickets.getJsonObject(0).getString("section")).isEqualTo("Front");
    assertThat(tickets.getJsonObject(0).getString("row")).isEqualTo("B");
    assertThat(tickets.getJsonObject(0).getString("seat")).isEqualTo("2");
    assertThat(tickets.getJsonObject(0).getString("grade")).isEqualTo("VIP");
    assertThat(tickets.getJsonObject(1).getString("grade")).isEqualTo("GA");
    assertThat(tickets.getJsonObject(1).getValue("row")).isNull();

    for (String type : List.of("ReservationHeld", "PaymentCompleted")) {
      Row event = TestApp.await(app.pool().preparedQuery("SELECT payload FROM outbox WHERE event_key = $1 AND event_type = $2")
          .execute(Tuple.of(reservationId, type))).iterator().next();
      JsonObject payload = (JsonObject) event.getJson("payload");
      assertThat(payload.getJsonArray("seats")).as(type).isEqualTo(reservation.getJsonArray("seats"));
    }
  }

  @Test
  void thePerBuyerLimitCountsPlacesOfTheDateWhateverTheirSection() {
    JsonObject venue = Venues.frontAndPit(app, "Club");
    long schedule = createConcert(venueDate(venue.getLong("venueId"), grades(grade("VIP", VIP, "Front"), grade("GA", GA, "Pit"))))
        .bodyAsJsonObject().getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
    TestApp.ActiveUser buyer = app.activeUser();
    app.hold(buyer, schedule, List.of(1, 2));
    app.hold(buyer, schedule, List.of(100, 2_510));
    HttpResponse<Buffer> fifth = TestApp.await(app.requestHold(buyer, schedule, List.of(3)));
    assertThat(fifth.statusCode()).isEqualTo(409);
    assertThat(fifth.bodyAsJsonObject().getString("code")).isEqualTo("SEAT_LIMIT_EXCEEDED");
    HttpResponse<Buffer> outside = TestApp.await(app.requestHold(app.activeUser(), schedule, List.of(2_511)));
    assertThat(outside.statusCode()).isEqualTo(400);
  }

  @Test
  void threeHundredConcurrentHoldsAcrossSectionsAreDisjointPricedByGradeAndCounted() {
    JsonObject venue = Venues.frontAndPit(app, "Club");
    long schedule = createConcert(venueDate(venue.getLong("venueId"), grades(grade("VIP", VIP, "Front"), grade("GA", GA, "Pit"))))
        .bodyAsJsonObject().getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
    // Places 1-10 (Front) and 11-30 (the first of the Pit): 300 buyers contend for 30 places.
    List<TestApp.ActiveUser> users = app.activeUsers(300);
    java.util.Random random = new java.util.Random(27);
    List<io.vertx.core.Future<HttpResponse<Buffer>>> calls = new java.util.ArrayList<>();
    for (TestApp.ActiveUser user : users) {
      java.util.Set<Integer> places = new java.util.HashSet<>();
      int count = 1 + random.nextInt(3);
      while (places.size() < count) {
        places.add(1 + random.nextInt(30));
      }
      calls.add(app.requestHold(user, schedule, new java.util.ArrayList<>(places)));
    }
    TestApp.await(io.vertx.core.Future.join(calls));
    java.util.Set<Integer> held = new java.util.HashSet<>();
    int front = 0;
    for (var call : calls) {
      HttpResponse<Buffer> response = call.result();
      assertThat(response.statusCode()).as(response.bodyAsString()).isIn(201, 409);
      if (response.statusCode() == 201) {
        long amount = 0;
        for (Object place : response.bodyAsJsonObject().getJsonArray("seats")) {
          int seat = ((JsonObject) place).getInteger("seatNumber");
          assertThat(held.add(seat)).as("place %d held twice", seat).isTrue();
          front += seat <= 10 ? 1 : 0;
          amount += seat <= 10 ? VIP : GA;
        }
        assertThat(response.bodyAsJsonObject().getLong("amount")).isEqualTo(amount);
      }
    }
    assertThat(Sql.count(app.pool(), "SELECT count(*) FROM reservation_seats WHERE schedule_id = $1 AND status = 'HELD'",
        schedule)).isEqualTo(held.size());
    JsonArray sections = get("/api/v1/schedules/" + schedule + "/sections", users.get(0)).bodyAsJsonObject().getJsonArray("items");
    assertThat(sections.getJsonObject(0).getInteger("available")).isEqualTo(10 - front);
    assertThat(sections.getJsonObject(1).getInteger("available")).isEqualTo(2_500 - (held.size() - front));
  }

  @Test
  void gradesThatLeaveOutOrRepeatASectionAreRefusedAndNothingIsCreated() {
    JsonObject venue = Venues.frontAndPit(app, "Club");
    long venueId = venue.getLong("venueId");
    long before = app.count("SELECT count(*) FROM concerts");
    assertRefused(createConcert(venueDate(venueId, grades(grade("VIP", VIP, "Front")))), "'Pit' is in no grade");
    assertRefused(createConcert(venueDate(venueId, grades(grade("VIP", VIP, "Front", "Pit"), grade("GA", GA, "Pit")))),
        "more than one grade");
    assertRefused(createConcert(venueDate(venueId, grades(grade("VIP", VIP, "Front", "Pit", "Roof")))), "no section 'Roof'");
    assertRefused(createConcert(venueDate(999_999_999L, grades(grade("VIP", VIP, "Front")))), "no venue");
    assertRefused(createConcert(venueDate(venueId, grades(grade("VIP", VIP, "Front", "Pit"))).put("seatCount", 5)),
        "either");
    assertRefused(createConcert(new JsonObject().put("startsAt", "2030-01-01T19:00:00Z").put("seatCount", 5)), "go together");
    assertThat(app.count("SELECT count(*) FROM concerts")).isEqualTo(before);
  }

  @Test
  void aDateInTheOldFormIsOneSectionInOneGrade() {
    JsonObject concert = app.createConcert("Old form", 5, 20_000, Duration.ofDays(5), 1);
    long schedule = concert.getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
    TestApp.ActiveUser buyer = app.activeUser();
    JsonObject item = get("/api/v1/concerts/" + concert.getLong("concertId") + "/schedules", buyer)
        .bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(item.getValue("venueId")).isNull();
    assertThat(item.getJsonArray("grades")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("name", "Standard").put("price", 20_000).put("available", 5)));
    HttpResponse<Buffer> sections = get("/api/v1/schedules/" + schedule + "/sections", buyer);
    contract.assertConforms("listSections", sections);
    assertThat(sections.bodyAsJsonObject().getJsonArray("items")).singleElement().isEqualTo(new JsonObject()
        .put("sectionId", 0).put("name", "Hall").put("kind", "SEATED").put("grade", "Standard").put("price", 20_000)
        .put("capacity", 5).put("available", 5));
    HttpResponse<Buffer> map = get("/api/v1/schedules/" + schedule + "/seats", buyer);
    contract.assertConforms("getSeatMap", map);
    assertThat(map.bodyAsJsonObject().getJsonArray("items")).hasSize(5);
    HttpResponse<Buffer> held = TestApp.await(app.requestHold(buyer, schedule, List.of(4, 5)));
    assertThat(held.bodyAsJsonObject().getLong("amount")).isEqualTo(40_000);
    assertThat(held.bodyAsJsonObject().getJsonArray("seats").getJsonObject(1)).isEqualTo(new JsonObject()
        .put("seatNumber", 5).put("section", "Hall").put("row", "1").put("seat", "5").put("grade", "Standard").put("price", 20_000));
    assertThat(Sql.count(app.pool(), "SELECT count(*) FROM reservations WHERE schedule_id = $1 AND seats IS NOT NULL", schedule))
        .isEqualTo(1);
  }

  private static void assertRefused(HttpResponse<Buffer> response, String detail) {
    contract.assertConforms("createConcert", response);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("VALIDATION_FAILED");
    assertThat(response.bodyAsJsonObject().getString("detail")).contains(detail);
  }
}
