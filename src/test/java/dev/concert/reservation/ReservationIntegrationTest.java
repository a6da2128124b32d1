package dev.concert.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.config.AppConfig;
import dev.concert.support.TestApp;
import dev.concert.support.TestAppExtension;
import dev.concert.support.TestApp.ActiveUser;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seat holds against real Redis and Postgres, through HTTP. */
class ReservationIntegrationTest {
  @RegisterExtension final TestAppExtension apps = new TestAppExtension();
  private TestApp app;

  private Map<Integer, String> seatMap(ActiveUser user, long scheduleId) {
    HttpResponse<Buffer> response = app.callAndWait(HttpMethod.GET, "/api/v1/schedules/" + scheduleId + "/seats", user.token(), null);
    assertThat(response.statusCode()).isEqualTo(200);
    Map<Integer, String> map = new HashMap<>();
    response.bodyAsJsonObject().getJsonArray("items").forEach(item -> {
      JsonObject seat = (JsonObject) item;
      map.put(seat.getInteger("seatNumber"), seat.getString("status"));
    });
    return map;
  }

  @Test
  void aHoldIsRecordedAndShownEverywhere() {
    app = apps.start();
    long schedule = app.newSchedule("Holds", 50, 25_000);
    ActiveUser user = app.activeUser();
    HttpResponse<Buffer> held = TestApp.await(app.requestHold(user, schedule, List.of(7, 8)));
    assertThat(held.statusCode()).as(held.bodyAsString()).isEqualTo(201);
    JsonObject body = held.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("HELD");
    assertThat(body.getLong("amount")).isEqualTo(50_000L);
    assertThat(body.getString("userId")).isEqualTo(user.userId().toString());
    Instant heldUntil = Instant.parse(body.getString("heldUntil"));
    assertThat(heldUntil).isBetween(Instant.now().plusSeconds(290), Instant.now().plusSeconds(301));

    Map<Integer, String> map = seatMap(user, schedule);
    assertThat(map.get(7)).isEqualTo("HELD");
    assertThat(map.get(8)).isEqualTo("HELD");
    assertThat(map.values().stream().filter("AVAILABLE"::equals).count()).isEqualTo(48);
    long concertId = app.callAndWait(HttpMethod.GET, "/api/v1/concerts", null, null).bodyAsJsonObject()
        .getJsonArray("items").getJsonObject(0).getLong("concertId");
    JsonObject date = app.callAndWait(HttpMethod.GET, "/api/v1/concerts/" + concertId + "/schedules", user.token(), null)
        .bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(date.getInteger("availableSeats")).isEqualTo(48);

    String id = body.getString("reservationId");
    JsonObject read = app.callAndWait(HttpMethod.GET, "/api/v1/reservations/" + id, user.token(), null).bodyAsJsonObject();
    assertThat(read).isEqualTo(body);
    JsonObject row = TestApp.await(app.pool().preparedQuery(
            "SELECT (SELECT count(*) FROM reservation_seats WHERE reservation_id = $1 AND status = 'HELD') AS seats, "
                + "(SELECT count(*) FROM outbox WHERE event_key = $2 AND event_type = 'ReservationHeld') AS events")
        .execute(Tuple.of(UUID.fromString(id), id))).iterator().next().toJson();
    assertThat(row.getLong("seats")).isEqualTo(2L);
    assertThat(row.getLong("events")).isEqualTo(1L);
  }

  @Test
  void aThousandCallersForTheSameTwoSeatsGetOneHold() {
    app = apps.start();
    long schedule = app.newSchedule("Holds", 50, 10_000);
    List<ActiveUser> users = app.activeUsers(1000);
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    users.forEach(user -> calls.add(app.requestHold(user, schedule, List.of(11, 12))));
    TestApp.await(Future.join(calls));
    Map<Integer, Integer> statuses = new HashMap<>();
    calls.forEach(call -> statuses.merge(call.result().statusCode(), 1, Integer::sum));
    assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of(201, 1, 409, 999));
    calls.stream().map(Future::result).filter(r -> r.statusCode() == 409).limit(5).forEach(r ->
        assertThat(r.bodyAsJsonObject().getString("code")).isEqualTo("SEAT_UNAVAILABLE"));
    long live = TestApp.await(app.pool().query(
        "SELECT count(*) FROM reservation_seats WHERE status IN ('HELD','PAID')").execute()).iterator().next().getLong(0);
    assertThat(live).isEqualTo(2L);
  }

  @Test
  void overlappingRandomHoldsAreDisjointAndMatchTheSeatMap() {
    app = apps.start();
    long schedule = app.newSchedule("Holds", 50, 10_000);
    List<ActiveUser> users = app.activeUsers(500);
    Random random = new Random(42);
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (ActiveUser user : users) {
      Set<Integer> seats = new HashSet<>();
      int count = 1 + random.nextInt(4);
      while (seats.size() < count) {
        seats.add(1 + random.nextInt(50));
      }
      calls.add(app.requestHold(user, schedule, new ArrayList<>(seats)));
    }
    TestApp.await(Future.join(calls));
    Set<Integer> granted = new HashSet<>();
    int grantedSeatCount = 0;
    for (Future<HttpResponse<Buffer>> call : calls) {
      int status = call.result().statusCode();
      assertThat(status).as(call.result().bodyAsString()).isIn(201, 409);
      if (status == 201) {
        List<Integer> seats = call.result().bodyAsJsonObject().getJsonArray("seatNumbers").stream()
            .map(n -> ((Number) n).intValue()).toList();
        granted.addAll(seats);
        grantedSeatCount += seats.size();
      }
    }
    assertThat(granted).hasSize(grantedSeatCount); // disjoint
    Set<Integer> heldOnMap = new HashSet<>();
    seatMap(users.get(0), schedule).forEach((seat, status) -> {
      if (status.equals("HELD")) {
        heldOnMap.add(seat);
      }
    });
    assertThat(heldOnMap).isEqualTo(granted);
    long inPostgres = TestApp.await(app.pool().query(
        "SELECT count(*) FROM reservation_seats WHERE status = 'HELD'").execute()).iterator().next().getLong(0);
    assertThat(inPostgres).isEqualTo(granted.size());
  }

  @Test
  void anUnpaidHoldExpiresAndItsSeatsAreHoldableAgain() {
    app = apps.start(Map.of("CONCERT_HOLD_SECONDS", "1"));
    long schedule = app.newSchedule("Holds", 50, 10_000);
    List<ActiveUser> users = app.activeUsers(2);
    JsonObject held = TestApp.await(app.requestHold(users.get(0), schedule, List.of(3, 4))).bodyAsJsonObject();
    Instant heldUntil = Instant.parse(held.getString("heldUntil"));
    assertThat(TestApp.await(app.requestHold(users.get(1), schedule, List.of(4))).statusCode()).isEqualTo(409);

    TestApp.awaitCondition(() -> seatMap(users.get(1), schedule).get(3).equals("AVAILABLE"), "seat 3 released");
    assertThat(Instant.now()).isBefore(heldUntil.plusSeconds(2));
    assertThat(seatMap(users.get(1), schedule).get(4)).isEqualTo("AVAILABLE");
    JsonObject read = app.callAndWait(HttpMethod.GET, "/api/v1/reservations/" + held.getString("reservationId"),
        users.get(0).token(), null).bodyAsJsonObject();
    assertThat(read.getString("status")).isEqualTo("EXPIRED");
    assertThat(TestApp.await(app.requestHold(users.get(1), schedule, List.of(4))).statusCode()).isEqualTo(201);
    long events = TestApp.await(app.pool().query(
        "SELECT count(*) FROM outbox WHERE event_type = 'ReservationExpired'").execute()).iterator().next().getLong(0);
    assertThat(events).isEqualTo(1L);
  }

  @Test
  void theOwnerCancelsAndTheSeatsAreFreeAtOnce() {
    app = apps.start();
    long schedule = app.newSchedule("Holds", 50, 10_000);
    List<ActiveUser> users = app.activeUsers(2);
    ActiveUser owner = users.get(0);
    ActiveUser other = users.get(1);
    String id = TestApp.await(app.requestHold(owner, schedule, List.of(20))).bodyAsJsonObject().getString("reservationId");
    String path = "/api/v1/reservations/" + id;

    assertThat(app.callAndWait(HttpMethod.DELETE, path, other.token(), null).statusCode()).isEqualTo(404);
    assertThat(app.callAndWait(HttpMethod.GET, path, other.token(), null).statusCode()).isEqualTo(404);
    HttpResponse<Buffer> cancelled = app.callAndWait(HttpMethod.DELETE, path, owner.token(), null);
    assertThat(cancelled.statusCode()).isEqualTo(204);
    assertThat(seatMap(owner, schedule).get(20)).isEqualTo("AVAILABLE");
    assertThat(app.callAndWait(HttpMethod.GET, path, owner.token(), null).bodyAsJsonObject().getString("status"))
        .isEqualTo("CANCELLED");
    HttpResponse<Buffer> again = app.callAndWait(HttpMethod.DELETE, path, owner.token(), null);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.bodyAsJsonObject().getString("code")).isEqualTo("RESERVATION_NOT_HELD");
    assertThat(TestApp.await(app.requestHold(other, schedule, List.of(20))).statusCode()).isEqualTo(201);
    assertThat(app.callAndWait(HttpMethod.GET, "/api/v1/reservations/" + UUID.randomUUID(), owner.token(), null)
        .statusCode()).isEqualTo(404);
  }

  @Test
  void badHoldsAreRefusedAndChangeNothing() {
    app = apps.start();
    long schedule = app.newSchedule("Holds", 50, 10_000);
    ActiveUser user = app.activeUser();
    for (List<Integer> seats : List.of(List.<Integer>of(), List.of(1, 2, 3, 4, 5), List.of(2, 2), List.of(51), List.of(0))) {
      HttpResponse<Buffer> response = TestApp.await(app.requestHold(user, schedule, seats));
      assertThat(response.statusCode()).as(seats + ": " + response.bodyAsString()).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("VALIDATION_FAILED");
      assertThat(response.bodyAsJsonObject().getString("detail")).contains("seatNumbers");
    }
    HttpResponse<Buffer> unknown = TestApp.await(app.requestHold(user, 999_999, List.of(1)));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(seatMap(user, schedule).values()).containsOnly("AVAILABLE");
    long rows = TestApp.await(app.pool().query("SELECT count(*) FROM reservations").execute()).iterator().next().getLong(0);
    assertThat(rows).isZero();
  }

  @Test
  void postgresRefusesASeatRedisForgotAndTheRedisHoldIsUndone() {
    app = apps.start();
    long schedule = app.newSchedule("Holds", 50, 10_000);
    List<ActiveUser> users = app.activeUsers(2);
    String firstHold = TestApp.await(app.requestHold(users.get(0), schedule, List.of(5))).bodyAsJsonObject()
        .getString("reservationId");
    // Redis loses the seats while the instance runs: only Postgres still knows seat 5 is held.
    TestApp.await(app.redis().send(Request.cmd(Command.DEL).arg(dev.concert.seats.SeatKeys.seats(schedule))));
    HttpResponse<Buffer> refused = TestApp.await(app.requestHold(users.get(1), schedule, List.of(5, 6)));
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("SEAT_UNAVAILABLE");
    // Seat 6 was held in Redis by the refused request and must have been released.
    assertThat(TestApp.await(app.requestHold(users.get(1), schedule, List.of(6))).statusCode()).isEqualTo(201);
    // Seat 5 is written back from Postgres (no rebuild ran: the seat hash was deleted, no marker), so
    // the seat map tells the truth and the next hold is refused by Redis itself.
    Object seat5 = TestApp.await(app.redis().send(Request.cmd(Command.HGET)
        .arg(dev.concert.seats.SeatKeys.seats(schedule)).arg("5")));
    assertThat(String.valueOf(seat5)).startsWith("H:" + firstHold + ":");
    assertThat(seatMap(users.get(1), schedule).get(5)).isEqualTo("HELD");
  }

  @Test
  void afterARedisFlushAndRestartHeldAndSoldSeatsAreStillRefused() {
    app = apps.start();
    long schedule = app.newSchedule("Holds", 50, 10_000);
    List<ActiveUser> users = app.activeUsers(1);
    TestApp.await(app.requestHold(users.get(0), schedule, List.of(9, 10)));
    AppConfig config = app.config();
    app.close();
    try (TestApp flusher = TestApp.resume(config)) {
      TestApp.await(flusher.redis().send(Request.cmd(Command.FLUSHDB)));
    }
    app = apps.resume(config);
    ActiveUser late = app.activeUser();
    HttpResponse<Buffer> refused = TestApp.await(app.requestHold(late, schedule, List.of(10)));
    assertThat(refused.statusCode()).isEqualTo(409);
    Map<Integer, String> map = seatMap(late, schedule);
    assertThat(map.get(9)).isEqualTo("HELD");
    assertThat(map.get(10)).isEqualTo("HELD");
  }
}
