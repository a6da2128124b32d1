package dev.concert.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.ContractResponses;
import dev.concert.support.EventStreamClient;
import dev.concert.support.TestApp;
import dev.concert.support.TwoInstances;
import dev.concert.support.Wait;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operators' live room controls ({@code PATCH /admin/concerts/{id}}) and the room document and
 * stream, against real Postgres and Redis, on one instance and on two.
 */
class RoomControlsIntegrationTest {
  private static final Duration WITHIN_A_SECOND = Duration.ofSeconds(1);
  private TestApp app;
  private TwoInstances two;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    if (two != null) {
      two.close();
    }
  }

  static HttpResponse<Buffer> patch(TestApp via, long concertId, JsonObject change) {
    return TestApp.await(via.client().request(HttpMethod.PATCH, "/api/v1/admin/concerts/" + concertId)
        .putHeader("Admin-Key", TestApp.ADMIN_KEY).sendJsonObject(change));
  }

  static JsonObject patched(TestApp via, long concertId, JsonObject change) {
    HttpResponse<Buffer> response = patch(via, concertId, change);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  static JsonObject room(TestApp via, long concertId) {
    HttpResponse<Buffer> response = via.operatorGet("/api/v1/admin/concerts/" + concertId + "/room");
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static HttpResponse<Buffer> issue(TestApp via, UUID user, long concertId) {
    return via.callAndWait(HttpMethod.POST, "/api/v1/queue/tokens", null,
        new JsonObject().put("userId", user.toString()).put("concertId", concertId));
  }

  private static String token(TestApp via, long concertId) {
    HttpResponse<Buffer> response = issue(via, UUID.randomUUID(), concertId);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject().getString("token");
  }

  private static void assertCode(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.bodyAsJsonObject().getString("code")).as(response.bodyAsString()).isEqualTo(code);
  }

  /**
   * 403 SALES_CLOSED. (Each event loop of an instance reloads the changed rooms on its own timer,
   * so a request is polled until refused rather than asserted once: each loop within the second.)
   */
  private static boolean refusedAsClosed(HttpResponse<Buffer> response) {
    return response.statusCode() == 403 && "SALES_CLOSED".equals(response.bodyAsJsonObject().getString("code"));
  }

  /** The last admission tick of the room, on Redis's clock (ms): every tick writes it, paused or not. */
  private static long lastTick(TestApp via, long concertId) {
    Response last = TestApp.await(via.redis().send(Request.cmd(Command.HGET).arg("queue:{room:" + concertId + "}:bucket").arg("last")));
    return last == null ? 0 : last.toLong();
  }

  @Test
  void aPausedRoomAdmitsNobodyWhileItsWaitingKeepTheirPlacesAndAResumedOneAdmitsThem() {
    app = TestApp.start();
    ContractResponses contract = ContractResponses.load(app.vertx());
    long concertId = SalesOpeningIntegrationTest.createConcert(app, null, 1000, 1000).getLong("concertId");
    String early = token(app, concertId);
    Wait.until(() -> "ACTIVE".equals(app.currentToken(early).getString("status")), "the first buyer admitted");

    HttpResponse<Buffer> pausing = patch(app, concertId, new JsonObject().put("paused", true));
    contract.assertConforms("changeConcertControls", pausing);
    JsonObject paused = pausing.bodyAsJsonObject();
    assertThat(paused.getBoolean("paused")).isTrue();
    assertThat(paused.getJsonObject("room").getBoolean("paused")).isTrue();
    assertThat(paused.getJsonObject("room").getLong("admittedTotal")).isEqualTo(1);

    List<String> waiting = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      waiting.add(token(app, concertId));
    }
    // Ticks go on (two seconds of them on Redis's clock), and nobody is admitted.
    long pausedAt = lastTick(app, concertId);
    Wait.until(() -> lastTick(app, concertId) >= pausedAt + 2_000, "two seconds of admission ticks");
    for (int i = 0; i < waiting.size(); i++) {
      HttpResponse<Buffer> current = app.callAndWait(HttpMethod.GET, "/api/v1/queue/tokens/current", waiting.get(i), null);
      contract.assertConforms("getCurrentQueueToken", current);
      JsonObject status = current.bodyAsJsonObject();
      assertThat(status.getString("status")).isEqualTo("WAITING");
      assertThat(status.getLong("position")).isEqualTo(i + 1L);
      assertThat(status.getBoolean("paused")).isTrue();
      assertThat(status.getValue("estimatedWaitSeconds")).isNull();
    }
    assertThat(app.currentToken(early).getString("status")).as("ACTIVE tokens go on").isEqualTo("ACTIVE");
    JsonObject during = room(app, concertId);
    assertThat(during.getLong("waiting")).isEqualTo(5);
    assertThat(during.getLong("active")).isEqualTo(1);
    assertThat(during.getLong("admittedTotal")).isEqualTo(1);

    patched(app, concertId, new JsonObject().put("paused", false));
    Wait.until(() -> waiting.stream().allMatch(t -> "ACTIVE".equals(app.currentToken(t).getString("status"))),
        "the waiting admitted once resumed");
    JsonObject after = room(app, concertId);
    assertThat(after.getBoolean("paused")).isFalse();
    assertThat(after.getLong("admittedTotal")).isEqualTo(6);
    assertThat(after.getLong("waiting")).isZero();
    // Each change is in the operators' trail, newest first, with what was given.
    JsonArray actions = app.operatorGet("/api/v1/admin/actions?limit=2").bodyAsJsonObject().getJsonArray("items");
    assertThat(actions.getJsonObject(0).getString("action")).isEqualTo("concert.controls");
    assertThat(actions.getJsonObject(0).getString("actor")).isEqualTo("admin");
    assertThat(actions.getJsonObject(0).getString("target")).isEqualTo("concert:" + concertId);
    assertThat(actions.getJsonObject(0).getJsonObject("detail").getBoolean("paused")).isFalse();
    assertThat(actions.getJsonObject(1).getJsonObject("detail").getBoolean("paused")).isTrue();
    String metrics = app.operatorGet("/metrics").bodyAsString();
    assertThat(metrics).contains("concert_queue_room_pauses_total{room=\"" + concertId + "\"} 1.0")
        .contains("concert_queue_room_paused{room=\"" + concertId + "\"} 0.0");
  }

  @Test
  void aLiveCopyLostFromRedisIsWrittenBackFromTheRecord() {
    app = TestApp.start();
    long concertId = SalesOpeningIntegrationTest.createConcert(app, null, 1000, 1000).getLong("concertId");
    patched(app, concertId, new JsonObject().put("paused", true).put("admitPerSecond", 7));
    String controls = "queue:{room:" + concertId + "}:controls";
    String waiting = token(app, concertId);
    TestApp.await(app.redis().send(Request.cmd(Command.DEL).arg(controls)));
    // The next tick writes the record back (version, rate, cap, pause), and the room stays paused.
    Wait.until(() -> {
      Response live = TestApp.await(app.redis().send(Request.cmd(Command.HMGET).arg(controls).arg("rate").arg("paused")));
      return live.get(0) != null && "7".equals(live.get(0).toString()) && "1".equals(live.get(1).toString());
    }, "the live copy written back");
    long restoredAt = lastTick(app, concertId);
    Wait.until(() -> lastTick(app, concertId) >= restoredAt + 1_000, "a second of ticks");
    assertThat(app.currentToken(waiting).getString("status")).isEqualTo("WAITING");
  }

  @Test
  void twoHundredConcurrentChangesOverTwoInstancesLeaveTheLiveCopyAtTheLastRecorded() {
    two = TwoInstances.start(Map.of());
    long concertId = SalesOpeningIntegrationTest.createConcert(two.first(), null, 1000, 1000).getLong("concertId");
    List<io.vertx.core.Future<HttpResponse<Buffer>>> changes = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      TestApp via = i % 2 == 0 ? two.first() : two.second();
      changes.add(via.client().request(HttpMethod.PATCH, "/api/v1/admin/concerts/" + concertId)
          .putHeader("Admin-Key", TestApp.ADMIN_KEY)
          .sendJsonObject(new JsonObject().put("paused", i % 3 == 0).put("admitPerSecond", 1 + i)));
    }
    TestApp.await(io.vertx.core.Future.join(changes));
    // All one row's: they queue for its lock, and on a loaded box some may run out of time (503:
    // nothing changed).
    assertThat(changes).allSatisfy(change -> assertThat(change.result().statusCode()).isIn(200, 503));
    long answered = changes.stream().filter(change -> change.result().statusCode() == 200).count();
    assertThat(answered).isPositive();
    // Every change got its own version; the live copy is the record's last one, not an older one.
    long version = two.first().count("SELECT controls_version FROM concerts WHERE id = $1", concertId);
    assertThat(version).isEqualTo(answered);
    Response live = TestApp.await(two.first().redis().send(Request.cmd(Command.HMGET)
        .arg("queue:{room:" + concertId + "}:controls").arg("version").arg("rate").arg("paused")));
    JsonObject recorded = room(two.second(), concertId);
    assertThat(live.get(0).toLong()).isEqualTo(version);
    assertThat(live.get(1).toInteger()).isEqualTo(recorded.getInteger("admitPerSecond"));
    assertThat("1".equals(live.get(2).toString())).isEqualTo(recorded.getBoolean("paused"));
  }

  @Test
  void aNewRateIsTheTicksRateAtOnce() {
    app = TestApp.start();
    long concertId = SalesOpeningIntegrationTest.createConcert(app, null, 1, 1000).getLong("concertId");
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      tokens.add(token(app, concertId));
    }
    assertThat(room(app, concertId).getLong("admittedTotal")).as("one a second before the change").isLessThan(10);
    long changed = System.nanoTime();
    JsonObject answer = patched(app, concertId, new JsonObject().put("admitPerSecond", 1000).put("maxActive", 500));
    assertThat(answer.getInteger("admitPerSecond")).isEqualTo(1000);
    assertThat(answer.getInteger("maxActive")).isEqualTo(500);
    // At one a second the rest would take half a minute.
    Wait.within(Duration.ofSeconds(2), changed, () -> room(app, concertId).getLong("admittedTotal") == 30,
        () -> "all admitted at the new rate: " + room(app, concertId));
    assertThat(room(app, concertId).getInteger("admitPerSecond")).isEqualTo(1000);
  }

  @Test
  void aChangeOnOneInstanceHoldsOnTheOtherWithinASecond() {
    two = TwoInstances.start(Map.of());
    TestApp first = two.first();
    TestApp second = two.second();
    long concertId = SalesOpeningIntegrationTest.createConcert(first, null, 1000, 1000).getLong("concertId");
    // Both instances know the room (cached) before the change.
    String before = token(second, concertId);
    Wait.until(() -> "ACTIVE".equals(second.currentToken(before).getString("status")), "admitted before the pause");
    patched(first, concertId, new JsonObject().put("paused", true));
    // The admission obeys at once, wherever it ticks: a buyer joining through the other instance waits.
    String joined = token(second, concertId);
    long changed = System.nanoTime();
    Wait.within(WITHIN_A_SECOND, changed, () -> Boolean.TRUE.equals(second.currentToken(joined).getBoolean("paused")),
        () -> "the other instance shows the pause: " + second.currentToken(joined));
    long pausedAt = lastTick(second, concertId);
    Wait.until(() -> lastTick(second, concertId) >= pausedAt + 1_500, "a second and a half of ticks");
    assertThat(second.currentToken(joined).getString("status")).isEqualTo("WAITING");

    // The close: the other instance refuses the room's tokens and holds within a second.
    JsonObject concert = patched(first, concertId, new JsonObject().put("paused", false)
        .put("salesCloseAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString()));
    assertThat(concert.getString("salesCloseAt")).isNotNull();
    long closed = System.nanoTime();
    Wait.within(WITHIN_A_SECOND, closed, () -> refusedAsClosed(issue(second, UUID.randomUUID(), concertId)),
        "the other instance refuses new tokens of the room");
  }

  @Test
  void aWaitingBuyersStreamShowsThePauseAndTheResume() {
    app = TestApp.start();
    // A cap of one, taken: the next buyer waits in line.
    long concertId = SalesOpeningIntegrationTest.createConcert(app, null, 1000, 1).getLong("concertId");
    String first = token(app, concertId);
    Wait.until(() -> "ACTIVE".equals(app.currentToken(first).getString("status")), "the first buyer admitted");
    String second = token(app, concertId);
    try (EventStreamClient stream = EventStreamClient.open(app.vertx(), app.port(),
        "/api/v1/queue/tokens/current/events", second, false)) {
      JsonObject waiting = stream.next(10_000).data();
      assertThat(waiting.getString("status")).isEqualTo("WAITING");
      assertThat(waiting.getValue("paused")).isNull();
      assertThat(waiting.getLong("estimatedWaitSeconds")).isNotNull();

      patched(app, concertId, new JsonObject().put("paused", true));
      JsonObject paused = stream.until(e -> e.data().getBoolean("paused", false), 10_000).data();
      assertThat(paused.getString("status")).isEqualTo("WAITING");
      assertThat(paused.getLong("position")).isEqualTo(1);
      assertThat(paused.containsKey("estimatedWaitSeconds")).isTrue();
      assertThat(paused.getValue("estimatedWaitSeconds")).isNull();

      patched(app, concertId, new JsonObject().put("paused", false));
      JsonObject resumed = stream.until(e -> !e.data().getBoolean("paused", false), 10_000).data();
      assertThat(resumed.getString("status")).isEqualTo("WAITING");
      assertThat(resumed.getLong("estimatedWaitSeconds")).isNotNull();
    }
  }

  @Test
  void afterTheCloseHoldsAndTokensAreRefusedAndLiveHoldsArePaid() {
    app = TestApp.start();
    JsonObject created = SalesOpeningIntegrationTest.createConcert(app, null, 1000, 1000);
    long concertId = created.getLong("concertId");
    long scheduleId = created.getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
    UUID buyer = UUID.randomUUID();
    String token = issue(app, buyer, concertId).bodyAsJsonObject().getString("token");
    Wait.until(() -> "ACTIVE".equals(app.currentToken(token).getString("status")), "the buyer admitted");
    HttpResponse<Buffer> held = app.callAndWait(HttpMethod.POST, "/api/v1/reservations", token,
        new JsonObject().put("scheduleId", scheduleId).put("seatNumbers", new JsonArray().add(1)));
    assertThat(held.statusCode()).as(held.bodyAsString()).isEqualTo(201);
    assertThat(app.callAndWait(HttpMethod.POST, "/api/v1/balance/charge", token, new JsonObject().put("amount", 5000))
        .statusCode()).isEqualTo(200);

    patched(app, concertId, new JsonObject().put("salesCloseAt", Instant.now().toString()));
    long closed = System.nanoTime();
    // The instance that answered has it at once: the change is signalled before the answer.
    assertCode(issue(app, UUID.randomUUID(), concertId), 403, "SALES_CLOSED");
    assertCode(app.callAndWait(HttpMethod.POST, "/api/v1/reservations", token,
        new JsonObject().put("scheduleId", scheduleId).put("seatNumbers", new JsonArray().add(3))), 403, "SALES_CLOSED");
    Wait.within(WITHIN_A_SECOND, closed, () -> refusedAsClosed(app.callAndWait(HttpMethod.POST, "/api/v1/reservations", token,
            new JsonObject().put("scheduleId", scheduleId).put("seatNumbers", new JsonArray().add(2)))),
        "holds refused after the close");
    Wait.within(WITHIN_A_SECOND, closed, () -> refusedAsClosed(issue(app, UUID.randomUUID(), concertId)),
        "new tokens of the room refused after the close");
    HttpResponse<Buffer> paid = app.callAndWait(HttpMethod.POST, "/api/v1/payments", token,
        new JsonObject().put("reservationId", held.bodyAsJsonObject().getString("reservationId")));
    assertThat(paid.statusCode()).as("a live hold is still paid: " + paid.bodyAsString()).isEqualTo(201);

    // Removing the close opens the sale again.
    patched(app, concertId, new JsonObject().putNull("salesCloseAt"));
    long reopened = System.nanoTime();
    Wait.within(WITHIN_A_SECOND, reopened, () -> issue(app, UUID.randomUUID(), concertId).statusCode() == 201,
        "tokens issued again once the close is removed");
  }

  @Test
  void aMovedOpeningKeepsThePreQueueAndDrawsItAtTheNewInstant() {
    app = TestApp.start();
    Instant firstOpening = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    long concertId = SalesOpeningIntegrationTest.createConcert(app, firstOpening, 1000, 1000).getLong("concertId");
    List<String> preQueue = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      preQueue.add(token(app, concertId));
    }
    assertThat(app.currentToken(preQueue.get(0)).getValue("position")).isNull();

    Instant newOpening = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.MILLIS);
    JsonObject moved = patched(app, concertId, new JsonObject().put("salesOpenAt", newOpening.toString()));
    assertThat(Instant.parse(moved.getString("salesOpenAt"))).isEqualTo(newOpening);
    assertThat(moved.getJsonObject("room").getLong("waiting")).isEqualTo(10);
    assertThat(moved.getJsonObject("room").getLong("preQueue")).isEqualTo(10);
    long changed = System.nanoTime();
    Wait.within(WITHIN_A_SECOND, changed,
        () -> newOpening.equals(Instant.parse(app.currentToken(preQueue.get(0)).getString("opensAt"))),
        "the token answers show the new opening");

    Wait.until(() -> preQueue.stream().allMatch(t -> "ACTIVE".equals(app.currentToken(t).getString("status"))),
        "the pre-queue drawn and admitted at the new opening");
    JsonObject opened = room(app, concertId);
    Instant openedAt = Instant.parse(opened.getString("openedAt"));
    assertThat(openedAt).isAfterOrEqualTo(newOpening).isBefore(firstOpening);
    assertThat(opened.getLong("admittedTotal")).isEqualTo(10);
    JsonObject opening = app.callAndWait(HttpMethod.GET, "/api/v1/concerts/" + concertId + "/opening", null, null)
        .bodyAsJsonObject();
    assertThat(Instant.parse(opening.getString("salesOpenAt"))).isEqualTo(newOpening);
    JsonObject listed = app.callAndWait(HttpMethod.GET, "/api/v1/concerts", null, null).bodyAsJsonObject()
        .getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(c -> c.getLong("concertId") == concertId).findFirst().orElseThrow();
    assertThat(Instant.parse(listed.getString("salesOpenAt"))).isEqualTo(newOpening);

    // Once opened, the opening stays where it was.
    HttpResponse<Buffer> tooLate = patch(app, concertId,
        new JsonObject().put("salesOpenAt", Instant.now().plus(Duration.ofHours(2)).toString()));
    assertCode(tooLate, 409, "SALES_ALREADY_OPEN");
    ContractResponses.load(app.vertx()).assertConforms("changeConcertControls", tooLate);
  }

  @Test
  void badChangesAreRefusedAndChangeNothing() {
    app = TestApp.start();
    Instant opening = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    long concertId = SalesOpeningIntegrationTest.createConcert(app, opening, 10, 20).getLong("concertId");
    assertCode(patch(app, concertId, new JsonObject()), 400, "VALIDATION_FAILED");
    assertCode(patch(app, concertId, new JsonObject().put("admitPerSecond", 0)), 400, "VALIDATION_FAILED");
    assertCode(patch(app, concertId, new JsonObject().put("paused", "yes")), 400, "VALIDATION_FAILED");
    assertCode(patch(app, concertId, new JsonObject().put("title", "renamed")), 400, "VALIDATION_FAILED");
    assertCode(patch(app, concertId, new JsonObject().put("salesOpenAt", Instant.now().minusSeconds(60).toString())),
        400, "VALIDATION_FAILED");
    assertCode(patch(app, concertId, new JsonObject().put("salesCloseAt", opening.minusSeconds(1).toString())),
        400, "VALIDATION_FAILED");
    assertCode(patch(app, 987_654L, new JsonObject().put("paused", true)), 404, "NOT_FOUND");
    HttpResponse<Buffer> noKey = TestApp.await(app.client().request(HttpMethod.PATCH, "/api/v1/admin/concerts/" + concertId)
        .sendJsonObject(new JsonObject().put("paused", true)));
    assertCode(noKey, 401, "ADMIN_KEY_INVALID");
    assertCode(app.callAndWait(HttpMethod.GET, "/api/v1/admin/concerts/" + concertId + "/room", null, null),
        401, "ADMIN_KEY_INVALID");
    assertThat(app.count("SELECT count(*) FROM operator_actions WHERE action = 'concert.controls'"))
        .as("a refused change is not in the trail").isZero();
    JsonObject unchanged = room(app, concertId);
    assertThat(unchanged.getInteger("admitPerSecond")).isEqualTo(10);
    assertThat(unchanged.getInteger("maxActive")).isEqualTo(20);
    assertThat(unchanged.getBoolean("paused")).isFalse();
    assertThat(Instant.parse(unchanged.getString("opensAt"))).isEqualTo(opening);
    assertThat(unchanged.getValue("salesCloseAt")).isNull();
  }

  @Test
  void theRoomIsReadAndStreamedAtMostOnceASecond() {
    app = TestApp.start();
    ContractResponses contract = ContractResponses.load(app.vertx());
    long concertId = SalesOpeningIntegrationTest.createConcert(app, null, 1000, 1000).getLong("concertId");
    HttpResponse<Buffer> read = app.operatorGet("/api/v1/admin/concerts/" + concertId + "/room");
    contract.assertConforms("getConcertRoom", read);
    JsonObject room = read.bodyAsJsonObject();
    assertThat(room.fieldNames()).contains("concertId", "waiting", "active", "admittedTotal", "abandonedTotal",
        "admitPerSecond", "maxActive", "paused", "opensAt", "openedAt");
    assertCode(app.operatorGet("/api/v1/admin/concerts/987654/room"), 404, "NOT_FOUND");

    try (EventStreamClient stream = EventStreamClient.openAdmin(app.vertx(), app.port(),
        "/api/v1/admin/concerts/" + concertId + "/room/events", TestApp.ADMIN_KEY)) {
      assertThat(stream.status()).isEqualTo(200);
      EventStreamClient.Event first = stream.next(10_000);
      assertThat(first.name()).isEqualTo("room");
      assertThat(first.data().getLong("concertId")).isEqualTo(concertId);
      assertThat(first.data().getBoolean("paused")).isFalse();
      patched(app, concertId, new JsonObject().put("paused", true));
      EventStreamClient.Event paused = stream.until(e -> e.data().getBoolean("paused"), 10_000);
      // The buyers who join show in the next events, one a second at most.
      for (int i = 0; i < 3; i++) {
        token(app, concertId);
      }
      EventStreamClient.Event joined = stream.until(e -> e.data().getLong("waiting") == 3, 10_000);
      assertThat(joined.receivedNanos() - paused.receivedNanos())
          .as("a second at least between events").isGreaterThanOrEqualTo(Duration.ofMillis(900).toNanos());
    }
  }
}
