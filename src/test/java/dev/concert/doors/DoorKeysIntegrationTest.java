package dev.concert.doors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.OneAppPerClass;
import dev.concert.support.Shop;
import dev.concert.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Door keys: one date's check-in, revocable at once, stored hashed, and nothing else. */
class DoorKeysIntegrationTest extends OneAppPerClass {
  private static final long PRICE = 5_000;

  /** Two dates of one concert; their schedule ids. */
  private static long[] twoDates() {
    JsonArray schedules = app.createConcert("Door keys", 200, PRICE, Duration.ofDays(3), 2).getJsonArray("schedules");
    return new long[] {schedules.getJsonObject(0).getLong("scheduleId"), schedules.getJsonObject(1).getLong("scheduleId")};
  }

  private static List<String> codes(Shop.Bought bought) {
    List<String> codes = new ArrayList<>();
    shop.reservation(bought.user(), bought.reservationId()).getJsonArray("tickets")
        .forEach(t -> codes.add(((JsonObject) t).getString("code")));
    return codes;
  }

  private static JsonObject newKey(long schedule, String label) {
    HttpResponse<Buffer> created = TestApp.await(shop.admin(HttpMethod.POST, "/api/v1/admin/door-keys",
        new JsonObject().put("scheduleId", schedule).put("label", label)));
    contract.assertConforms("createDoorKey", created);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  private static Future<HttpResponse<Buffer>> doorCheckIn(String key, JsonObject body) {
    HttpRequest<Buffer> request = app.client().post("/api/v1/door/check-in").timeout(30_000);
    if (key != null) {
      request.putHeader("Door-Key", key);
    }
    return request.sendJsonObject(body);
  }

  private static HttpResponse<Buffer> doorCheckIn(String key, String code) {
    HttpResponse<Buffer> response = TestApp.await(doorCheckIn(key, new JsonObject().put("code", code)));
    contract.assertConforms("doorCheckIn", response);
    return response;
  }

  private static HttpResponse<Buffer> revoke(String keyId) {
    HttpResponse<Buffer> revoked = TestApp.await(shop.admin(HttpMethod.DELETE, "/api/v1/admin/door-keys/" + keyId, null));
    contract.assertConforms("revokeDoorKey", revoked);
    return revoked;
  }

  private static void assertRefused(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo(code);
  }

  @Test
  void aDoorKeyAdmitsItsDatesTicketsOnceAndRefusesAnotherDates() {
    long[] dates = twoDates();
    List<String> first = codes(shop.buy(dates[0], List.of(1, 2), PRICE));
    List<String> second = codes(shop.buy(dates[1], List.of(1), PRICE));
    JsonObject key = newKey(dates[0], "north gate");
    assertThat(key.getString("key")).startsWith("door_");
    assertThat(key.getLong("scheduleId")).isEqualTo(dates[0]);
    assertThat(key.getString("label")).isEqualTo("north gate");
    // Only the key's SHA-256 is kept.
    assertThat(app.count("SELECT count(*) FROM door_keys WHERE key_id = $1 AND key_hash = $2",
        UUID.fromString(key.getString("keyId")), DoorKeySecrets.hash(key.getString("key")))).isEqualTo(1);
    assertThat(app.count("SELECT count(*) FROM door_keys WHERE key_hash = $1 OR label = $1", key.getString("key"))).isZero();

    HttpResponse<Buffer> admitted = doorCheckIn(key.getString("key"), first.get(0));
    assertThat(admitted.statusCode()).as(admitted.bodyAsString()).isEqualTo(200);
    assertThat(admitted.bodyAsJsonObject().getLong("scheduleId")).isEqualTo(dates[0]);
    assertThat(admitted.bodyAsJsonObject().getInteger("seatNumber")).isEqualTo(1);
    assertRefused(doorCheckIn(key.getString("key"), first.get(0)), 409, "TICKET_ALREADY_USED");
    assertRefused(doorCheckIn(key.getString("key"), second.get(0)), 409, "TICKET_WRONG_DATE");
    assertRefused(doorCheckIn(key.getString("key"), "not-a-ticket"), 404, "NOT_FOUND");
    assertThat(doorCheckIn(key.getString("key"), first.get(1)).statusCode()).isEqualTo(200);
    // The other date's ticket was not used up by the refusal: its own date's key admits it.
    assertThat(doorCheckIn(newKey(dates[1], "south gate").getString("key"), second.get(0)).statusCode()).isEqualTo(200);
  }

  @Test
  void theAdminCheckInNamingADateRefusesAnotherDatesTicket() {
    long[] dates = twoDates();
    String code = codes(shop.buy(dates[1], List.of(5), PRICE)).get(0);
    HttpResponse<Buffer> wrong = TestApp.await(shop.admin(HttpMethod.POST, "/api/v1/admin/tickets/check-in",
        new JsonObject().put("code", code).put("scheduleId", dates[0])));
    contract.assertConforms("checkInTicket", wrong);
    assertRefused(wrong, 409, "TICKET_WRONG_DATE");
    HttpResponse<Buffer> right = TestApp.await(shop.admin(HttpMethod.POST, "/api/v1/admin/tickets/check-in",
        new JsonObject().put("code", code).put("scheduleId", dates[1])));
    contract.assertConforms("checkInTicket", right);
    assertThat(right.statusCode()).as(right.bodyAsString()).isEqualTo(200);
    assertRefused(TestApp.await(shop.admin(HttpMethod.POST, "/api/v1/admin/tickets/check-in",
        new JsonObject().put("code", code).put("scheduleId", "tomorrow"))), 400, "VALIDATION_FAILED");
  }

  @Test
  void missingUnknownAndRevokedKeysAreRefusedAndARevocationHoldsAtOnce() {
    long[] dates = twoDates();
    List<String> tickets = codes(shop.buy(dates[0], List.of(1, 2, 3), PRICE));
    JsonObject key = newKey(dates[0], "east gate");
    String keyId = key.getString("keyId");
    JsonObject body = new JsonObject().put("code", tickets.get(0));

    assertRefused(TestApp.await(doorCheckIn(null, body)), 401, "DOOR_KEY_INVALID");
    assertRefused(TestApp.await(doorCheckIn("", body)), 401, "DOOR_KEY_INVALID");
    assertRefused(doorCheckIn(DoorKeySecrets.newKey(), tickets.get(0)), 401, "DOOR_KEY_INVALID");
    assertRefused(doorCheckIn(key.getString("key") + "x", tickets.get(0)), 401, "DOOR_KEY_INVALID");
    // The Admin-Key is not a door key.
    assertRefused(TestApp.await(app.client().post("/api/v1/door/check-in").putHeader("Admin-Key", TestApp.ADMIN_KEY)
        .sendJsonObject(body)), 401, "DOOR_KEY_INVALID");
    assertRefused(doorCheckIn(TestApp.ADMIN_KEY, tickets.get(0)), 401, "DOOR_KEY_INVALID");
    // The key is checked before the body: a wrong key learns nothing about its request.
    assertRefused(TestApp.await(doorCheckIn("guess", new JsonObject())), 401, "DOOR_KEY_INVALID");
    assertRefused(TestApp.await(doorCheckIn(key.getString("key"), new JsonObject())), 400, "VALIDATION_FAILED");
    assertRefused(TestApp.await(doorCheckIn(key.getString("key"), body.copy().put("scheduleId", dates[1]))),
        400, "VALIDATION_FAILED");
    assertThat(doorCheckIn(key.getString("key"), tickets.get(0)).statusCode()).isEqualTo(200);

    assertThat(revoke(keyId).statusCode()).isEqualTo(204);
    assertRefused(doorCheckIn(key.getString("key"), tickets.get(1)), 401, "DOOR_KEY_INVALID");
    // Revoking again changes nothing; an unknown key is not found; a malformed id is a bad request.
    assertThat(revoke(keyId).statusCode()).isEqualTo(204);
    assertRefused(revoke(UUID.randomUUID().toString()), 404, "NOT_FOUND");
    assertRefused(revoke("not-a-uuid"), 400, "VALIDATION_FAILED");
    // The refusals used nothing up: a new key admits the ticket.
    assertThat(doorCheckIn(newKey(dates[0], "east gate, again").getString("key"), tickets.get(1)).statusCode()).isEqualTo(200);
  }

  @Test
  void keysAreIssuedOnlyByOperatorsForDatesThatExist() {
    long date = twoDates()[0];
    JsonObject body = new JsonObject().put("scheduleId", date).put("label", "gate");
    HttpResponse<Buffer> anonymous = TestApp.await(app.client().post("/api/v1/admin/door-keys").sendJsonObject(body));
    contract.assertConforms("createDoorKey", anonymous);
    assertRefused(anonymous, 401, "ADMIN_KEY_INVALID");
    String doorKey = newKey(date, "gate").getString("key");
    assertRefused(TestApp.await(app.client().post("/api/v1/admin/door-keys").putHeader("Admin-Key", doorKey)
        .putHeader("Door-Key", doorKey).sendJsonObject(body)), 401, "ADMIN_KEY_INVALID");
    assertRefused(TestApp.await(shop.admin(HttpMethod.POST, "/api/v1/admin/door-keys",
        new JsonObject().put("scheduleId", 987_654).put("label", "gate"))), 404, "NOT_FOUND");
    for (JsonObject bad : List.of(new JsonObject().put("scheduleId", date), new JsonObject().put("label", "gate"),
        body.copy().put("label", ""), body.copy().put("scheduleId", 0), body.copy().put("extra", 1))) {
      HttpResponse<Buffer> refused = TestApp.await(shop.admin(HttpMethod.POST, "/api/v1/admin/door-keys", bad));
      contract.assertConforms("createDoorKey", refused);
      assertRefused(refused, 400, "VALIDATION_FAILED");
    }
    assertThat(app.count("SELECT count(*) FROM door_keys WHERE schedule_id = $1", date)).isEqualTo(1);
  }

  /**
   * Every operation of openapi.yaml but the door's own (those added later included), and the
   * operators' endpoints outside it: a door key, in any header, opens none of them.
   */
  @Test
  void aDoorKeyOpensNothingElse() {
    long date = twoDates()[0];
    String doorKey = newKey(date, "probe").getString("key");
    int probed = 0;
    for (Operation operation : contract.operations()) {
      // Operations anyone may call (no requirement, or an empty one among them) have nothing to open.
      if (operation.getOperationId().equals("doorCheckIn") || operation.getSecurityRequirements().isEmpty()
          || operation.getSecurityRequirements().stream().anyMatch(r -> r.isEmpty())) {
        continue;
      }
      String path = samplePath(operation);
      for (Map<String, String> headers : List.of(Map.of("Door-Key", doorKey), Map.of("Admin-Key", doorKey),
          Map.of("Authorization", "Bearer " + doorKey), Map.of("Door-Key", doorKey, "Admin-Key", doorKey))) {
        HttpRequest<Buffer> request = app.client().request(operation.getHttpMethod(), path).timeout(30_000);
        headers.forEach(request::putHeader);
        HttpResponse<Buffer> response = TestApp.await(operation.getRequestBody() == null
            ? request.send() : request.sendJsonObject(new JsonObject()));
        String what = operation.getOperationId() + " " + operation.getHttpMethod() + " " + path + " with " + headers.keySet();
        assertThat(response.statusCode()).as(what + ": " + response.bodyAsString()).isEqualTo(401);
        assertThat(response.bodyAsJsonObject().getString("code")).as(what).isIn("ADMIN_KEY_INVALID", "TOKEN_INVALID");
        probed++;
      }
    }
    assertThat(probed).as("operations probed").isGreaterThanOrEqualTo(4 * 8);
    for (String path : List.of("/metrics", "/health/cluster")) {
      for (String header : List.of("Door-Key", "Admin-Key")) {
        HttpResponse<Buffer> response = TestApp.await(app.client().get(path).putHeader(header, doorKey).send());
        assertRefused(response, 401, "ADMIN_KEY_INVALID");
      }
    }
    // Readiness details are for operators: a door key sees what the public sees.
    JsonObject checks = TestApp.await(app.client().get("/health/ready").putHeader("Admin-Key", doorKey).send())
        .bodyAsJsonObject().getJsonObject("checks");
    checks.forEach(check -> assertThat(((JsonObject) check.getValue()).fieldNames()).as(check.getKey()).containsExactly("status"));
  }

  /** A check-in finds its key in one lookup of the unique index on the hash, whatever the table holds. */
  @Test
  void aKeyIsFoundByItsHashIndex() {
    for (String statement : List.of("doors/find_key", "doors/lock_key")) {
      StringBuilder plan = new StringBuilder();
      TestApp.await(app.pool().withConnection(c -> c.query("SET enable_seqscan = off").execute()
          .compose(off -> c.preparedQuery("EXPLAIN " + dev.concert.infra.Resources.sql(statement))
              .execute(io.vertx.sqlclient.Tuple.of(DoorKeySecrets.hash("any"))))))
          .forEach(row -> plan.append(row.getString(0)).append('\n'));
      assertThat(plan).as(statement).contains("door_keys_key_hash_key");
    }
  }

  /** The operation's path with every path parameter filled in with a value of the right shape. */
  private static String samplePath(Operation operation) {
    String path = operation.getOpenAPIPath();
    for (Parameter parameter : operation.getParameters()) {
      if (parameter.getIn() == io.vertx.openapi.contract.Location.PATH) {
        boolean uuid = "uuid".equals(parameter.getSchema().get("format"));
        path = path.replace("{" + parameter.getName() + "}", uuid ? UUID.randomUUID().toString() : "1");
      }
    }
    return path;
  }

  /**
   * Hundreds of scans at once with one key while it is revoked: each ticket admits at most once,
   * every admission is in the trail (same transaction), and once the revocation has answered no
   * scan with the key admits anyone.
   */
  @Test
  void concurrentScansAndARevocationAdmitEachTicketOnceAndNothingAfter() {
    long date = twoDates()[0];
    List<String> tickets = new ArrayList<>();
    for (int buyer = 0; buyer < 25; buyer++) {
      tickets.addAll(codes(shop.buy(date, List.of(4 * buyer + 1, 4 * buyer + 2, 4 * buyer + 3, 4 * buyer + 4), PRICE)));
    }
    // The last buyer's tickets are kept back, to be shown only after the revocation.
    List<String> keptBack = tickets.subList(96, 100);
    JsonObject key = newKey(date, "turnstiles");
    List<Future<HttpResponse<Buffer>>> scans = new ArrayList<>();
    List<String> scanned = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      for (String code : tickets.subList(0, 96)) {
        scans.add(doorCheckIn(key.getString("key"), new JsonObject().put("code", code)));
        scanned.add(code);
      }
      if (round == 0) {
        scans.add(shop.admin(HttpMethod.DELETE, "/api/v1/admin/door-keys/" + key.getString("keyId"), null));
        scanned.add(null);
      }
    }
    TestApp.await(Future.join(scans));
    Map<Integer, Integer> statuses = new HashMap<>();
    Set<String> admitted = new HashSet<>();
    for (int i = 0; i < scans.size(); i++) {
      HttpResponse<Buffer> response = scans.get(i).result();
      if (scanned.get(i) == null) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(204);
        continue;
      }
      statuses.merge(response.statusCode(), 1, Integer::sum);
      if (response.statusCode() == 200) {
        assertThat(admitted.add(scanned.get(i))).as("admitted twice: " + scanned.get(i)).isTrue();
      } else {
        assertThat(response.bodyAsJsonObject().getString("code")).isIn("TICKET_ALREADY_USED", "DOOR_KEY_INVALID");
      }
    }
    assertThat(statuses.keySet()).as(statuses.toString()).isSubsetOf(200, 401, 409);
    assertThat(app.count("SELECT count(*) FROM operator_actions WHERE actor = $1 AND action = 'ticket.check-in'",
        "door:" + key.getString("keyId"))).isEqualTo(admitted.size());
    assertThat(app.count("SELECT count(*) FROM tickets WHERE schedule_id = $1 AND checked_in_at IS NOT NULL", date))
        .isEqualTo(admitted.size());
    // The revocation has answered: the key admits no one, not even the tickets it never scanned.
    for (String code : tickets) {
      if (!admitted.contains(code)) {
        assertRefused(doorCheckIn(key.getString("key"), code), 401, "DOOR_KEY_INVALID");
      }
    }
    assertThat(admitted).doesNotContainAnyElementsOf(keptBack);
  }
}
