package dev.concert.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.config.AppConfig;
import dev.concert.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Waiting rooms per concert against real Redis and Postgres, over two instances. */
class RoomIntegrationTest {
  private TestApp app;
  private TestApp other;

  @AfterEach
  void stop() {
    if (other != null) {
      other.close();
    }
    if (app != null) {
      app.close();
    }
  }

  private void startTwo(Map<String, String> overrides) {
    app = TestApp.start(overrides);
    other = TestApp.resume(AppConfig.from(TestApp.environment(overrides)));
  }

  private static JsonObject issue(TestApp via, UUID user, Long concertId) {
    JsonObject body = new JsonObject().put("userId", user.toString());
    if (concertId != null) {
      body.put("concertId", concertId);
    }
    HttpResponse<Buffer> response = via.callAndWait(HttpMethod.POST, "/api/v1/queue/tokens", null, body);
    assertThat(response.statusCode()).as(response.bodyAsString()).isIn(200, 201);
    return response.bodyAsJsonObject();
  }

  static String tokenId(String token) {
    String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
    return payload.split("\\|")[1];
  }

  private static void assertCode(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo(code);
  }

  @Test
  void aPreQueueJoinedOverTwoInstancesIsAdmittedInTheCommittedRandomOrder() throws Exception {
    startTwo(Map.of("CONCERT_QUEUE_ADMIT_INTERVAL_MS", "100"));
    int n = 300;
    Instant opensAt = Instant.now().plusSeconds(15).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    long concertId = SalesOpeningIntegrationTest.createConcert(app, opensAt, 1000, 1).getLong("concertId");
    JsonObject before = app.callAndWait(HttpMethod.GET, "/api/v1/concerts/" + concertId + "/opening", null, null)
        .bodyAsJsonObject();
    assertThat(before.getString("status")).isEqualTo("SCHEDULED");
    assertThat(before.getString("seed")).isNull();
    String commitment = before.getString("commitment");

    // Joined one after another, alternating instances: the join order is known.
    List<String> joinOrder = new ArrayList<>();
    Map<String, String> tokens = new HashMap<>();
    for (int i = 0; i < n; i++) {
      JsonObject answer = issue(i % 2 == 0 ? app : other, UUID.randomUUID(), concertId);
      assertThat(answer.getString("status")).isEqualTo("WAITING");
      assertThat(answer.getValue("position")).isNull();
      assertThat(answer.getValue("estimatedWaitSeconds")).isNull();
      assertThat(answer.getLong("concertId")).isEqualTo(concertId);
      assertThat(answer.getString("opensAt")).isEqualTo(opensAt.toString());
      String id = tokenId(answer.getString("token"));
      joinOrder.add(id);
      tokens.put(id, answer.getString("token"));
    }
    assertThat(Instant.now()).as("the pre-queue must be complete before the opening").isBefore(opensAt);

    // The opening: one token gets the only slot, the others line up in the drawn order.
    TestApp.awaitCondition(() -> "OPENED".equals(app.callAndWait(HttpMethod.GET,
        "/api/v1/concerts/" + concertId + "/opening", null, null).bodyAsJsonObject().getString("status")), "the opening");
    JsonObject after = other.callAndWait(HttpMethod.GET, "/api/v1/concerts/" + concertId + "/opening", null, null)
        .bodyAsJsonObject();
    byte[] seed = HexFormat.of().parseHex(after.getString("seed"));
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(seed))).isEqualTo(commitment);
    assertThat(after.getString("commitment")).isEqualTo(commitment);
    // The order in pages (300 tokens: 3 of 100).
    assertThat(after.getInteger("preQueueSize")).isEqualTo(n);
    List<String> published = new ArrayList<>();
    for (int page = 1; page <= after.getInteger("pages"); page++) {
      app.callAndWait(HttpMethod.GET, "/api/v1/concerts/" + concertId + "/opening?page=" + page, null, null)
          .bodyAsJsonObject().getJsonArray("order").forEach(id -> published.add(id.toString()));
    }
    assertThat(published).containsExactlyInAnyOrderElementsOf(joinOrder);
    assertThat(OpeningOrder.order(seed, joinOrder)).isEqualTo(published);
    // The documented check script agrees, against the live API (docs/fairness.md).
    String someToken = tokens.get(joinOrder.get(7));
    Process check = new ProcessBuilder("python3", "scripts/verify_opening.py", "http://127.0.0.1:" + other.port(),
        Long.toString(concertId), "--commitment", commitment, "--token", someToken).redirectErrorStream(true).start();
    String checkOutput = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor()).as(checkOutput).isZero();
    assertThat(checkOutput).contains("ok: your token " + joinOrder.get(7) + " was drawn at place "
        + (published.indexOf(joinOrder.get(7)) + 1) + " of " + n);

    String first = published.get(0);
    TestApp.awaitCondition(() -> "ACTIVE".equals(app.currentToken(tokens.get(first)).getString("status")),
        "the first drawn token to be admitted");
    // Every other token's position is its place in the drawn order (the cap of 1 is full).
    List<Future<HttpResponse<Buffer>>> polls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      TestApp via = i % 2 == 0 ? app : other;
      polls.add(via.call(HttpMethod.GET, "/api/v1/queue/tokens/current", tokens.get(published.get(i)), null));
    }
    TestApp.await(Future.all(polls));
    double[] joined = new double[n];
    double[] admitted = new double[n];
    for (int i = 0; i < n; i++) {
      JsonObject place = polls.get(i).result().bodyAsJsonObject();
      if (i == 0) {
        assertThat(place.getString("status")).isEqualTo("ACTIVE");
      } else {
        assertThat(place.getString("status")).isEqualTo("WAITING");
        assertThat(place.getLong("position")).isEqualTo((long) i);
        // Behind a full cap of 1 with 600 s active time: a whole term per place ahead.
        assertThat(place.getLong("estimatedWaitSeconds")).isGreaterThanOrEqualTo(600L * (i - 1));
      }
      admitted[i] = i;
      joined[i] = joinOrder.indexOf(published.get(i));
    }
    assertThat(Math.abs(Ranks.spearman(joined, admitted))).as("rank correlation of join and admission order")
        .isLessThan(0.2);

    // A later joiner queues behind the whole pre-queue.
    JsonObject late = issue(other, UUID.randomUUID(), concertId);
    assertThat(late.getLong("position")).isEqualTo((long) n);
    assertThat(late.getString("status")).isEqualTo("WAITING");
  }

  @Test
  void aRoomsCapHoldsAcrossTwoInstances() {
    startTwo(Map.of("CONCERT_QUEUE_ADMIT_INTERVAL_MS", "50", "CONCERT_QUEUE_ACTIVE_SECONDS", "1"));
    int cap = 4;
    long concertId = SalesOpeningIntegrationTest.createConcert(app, null, 1000, cap).getLong("concertId");
    // One user asking 20 times at once through both instances: one token, created once.
    UUID eager = UUID.randomUUID();
    List<Future<HttpResponse<Buffer>>> asks = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      asks.add((i % 2 == 0 ? app : other).call(HttpMethod.POST, "/api/v1/queue/tokens", null,
          new JsonObject().put("userId", eager.toString()).put("concertId", concertId)));
    }
    TestApp.await(Future.all(asks));
    assertThat(asks.stream().map(a -> a.result().bodyAsJsonObject().getString("token")).distinct()).hasSize(1);
    assertThat(asks.stream().filter(a -> a.result().statusCode() == 201)).hasSize(1);
    int n = 24;
    for (int i = 1; i < n; i++) {
      issue(i % 2 == 0 ? app : other, UUID.randomUUID(), concertId);
    }
    String active = "queue:{room:" + concertId + "}:active";
    String waiting = "queue:{room:" + concertId + "}:waiting";
    long max = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    while (System.nanoTime() < deadline) {
      long activeNow = TestApp.await(app.redis().send(Request.cmd(Command.ZCARD).arg(active))).toLong();
      max = Math.max(max, activeNow);
      if (TestApp.await(app.redis().send(Request.cmd(Command.ZCARD).arg(waiting))).toLong() == 0) {
        break;
      }
    }
    assertThat(TestApp.await(app.redis().send(Request.cmd(Command.ZCARD).arg(waiting))).toLong())
        .as("everybody admitted in time").isZero();
    assertThat(max).isEqualTo(cap);
    // The room's meters, labelled by its concert.
    String metrics = TestApp.await(app.client().get("/metrics").putHeader("Admin-Key", TestApp.ADMIN_KEY).send())
        .bodyAsString();
    assertThat(metrics).containsPattern("concert_queue_room_admitted_total\\{room=\"" + concertId + "\"\\} [1-9]")
        .contains("concert_queue_room_waiting_tokens{room=\"" + concertId + "\"}")
        .contains("concert_queue_room_active_tokens{room=\"" + concertId + "\"}");
  }

  @Test
  void aRoomTokenOpensItsOwnConcertOnly() {
    app = TestApp.start();
    JsonObject a = SalesOpeningIntegrationTest.createConcert(app, null, null, null);
    JsonObject b = SalesOpeningIntegrationTest.createConcert(app, null, null, null);
    long aId = a.getLong("concertId");
    long bId = b.getLong("concertId");
    long aSchedule = a.getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
    long bSchedule = b.getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
    UUID user = UUID.randomUUID();
    String roomToken = issue(app, user, aId).getString("token");
    TestApp.awaitCondition(() -> "ACTIVE".equals(app.currentToken(roomToken).getString("status")), "room token active");
    // The same user also holds a service-wide token: one live token per user and room.
    String wideToken = issue(app, user, null).getString("token");
    assertThat(wideToken).isNotEqualTo(roomToken);
    assertThat(issue(app, user, aId).getString("token")).isEqualTo(roomToken);
    TestApp.awaitCondition(() -> "ACTIVE".equals(app.currentToken(wideToken).getString("status")), "wide token active");

    assertThat(app.callAndWait(HttpMethod.GET, "/api/v1/concerts/" + aId + "/schedules", roomToken, null).statusCode())
        .isEqualTo(200);
    assertCode(app.callAndWait(HttpMethod.GET, "/api/v1/concerts/" + bId + "/schedules", roomToken, null),
        403, "QUEUE_NOT_ACTIVE");
    assertThat(app.callAndWait(HttpMethod.GET, "/api/v1/schedules/" + aSchedule + "/seats", roomToken, null).statusCode())
        .isEqualTo(200);
    assertCode(app.callAndWait(HttpMethod.GET, "/api/v1/schedules/" + bSchedule + "/seats", roomToken, null),
        403, "QUEUE_NOT_ACTIVE");
    assertCode(app.callAndWait(HttpMethod.POST, "/api/v1/reservations", roomToken,
        new JsonObject().put("scheduleId", bSchedule).put("seatNumbers", new JsonArray().add(1))), 403, "QUEUE_NOT_ACTIVE");
    HttpResponse<Buffer> heldA = app.callAndWait(HttpMethod.POST, "/api/v1/reservations", roomToken,
        new JsonObject().put("scheduleId", aSchedule).put("seatNumbers", new JsonArray().add(1)));
    assertThat(heldA.statusCode()).as(heldA.bodyAsString()).isEqualTo(201);

    // A reservation of concert B (held with the service-wide token) cannot be cancelled or paid with the room token.
    HttpResponse<Buffer> heldB = app.callAndWait(HttpMethod.POST, "/api/v1/reservations", wideToken,
        new JsonObject().put("scheduleId", bSchedule).put("seatNumbers", new JsonArray().add(2)));
    assertThat(heldB.statusCode()).as(heldB.bodyAsString()).isEqualTo(201);
    String bReservation = heldB.bodyAsJsonObject().getString("reservationId");
    assertCode(app.callAndWait(HttpMethod.DELETE, "/api/v1/reservations/" + bReservation, roomToken, null),
        403, "QUEUE_NOT_ACTIVE");
    assertCode(app.callAndWait(HttpMethod.POST, "/api/v1/payments", roomToken,
        new JsonObject().put("reservationId", bReservation)), 403, "QUEUE_NOT_ACTIVE");
    // Its own concert's reservation: cancelled.
    assertThat(app.callAndWait(HttpMethod.DELETE, "/api/v1/reservations/" + heldA.bodyAsJsonObject()
        .getString("reservationId"), roomToken, null).statusCode()).isEqualTo(204);
    // An unknown concert has no room.
    HttpResponse<Buffer> unknown = app.callAndWait(HttpMethod.POST, "/api/v1/queue/tokens", null,
        new JsonObject().put("userId", UUID.randomUUID().toString()).put("concertId", 999_999));
    assertCode(unknown, 404, "NOT_FOUND");
  }
}
