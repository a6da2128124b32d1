package dev.concert.trail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.ContractResponses;
import dev.concert.support.Shop;
import dev.concert.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operators' trail: every admin and door write, in Postgres with the write, newest first, paged. */
class ActionTrailIntegrationTest {
  private static final long PRICE = 4_000;
  private TestApp app;
  private Shop shop;
  private ContractResponses contract;

  @BeforeEach
  void start() {
    // A clean database each test: the trail is the whole table.
    app = TestApp.start();
    shop = new Shop(app);
    contract = ContractResponses.load(app.vertx());
  }

  @AfterEach
  void stop() {
    app.close();
  }

  private HttpResponse<Buffer> page(String query) {
    HttpResponse<Buffer> page = app.operatorGet("/api/v1/admin/actions" + query);
    contract.assertConforms("listActions", page);
    return page;
  }

  private JsonObject admin(HttpMethod method, String path, JsonObject body, int status) {
    HttpResponse<Buffer> response = TestApp.await(shop.admin(method, path, body));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    return status == 204 ? null : response.bodyAsJsonObject();
  }

  @Test
  void everyAdminAndDoorWriteIsListedNewestFirstWithItsActor() {
    Instant before = Instant.now().minusSeconds(1);
    long schedule = shop.schedule(10, PRICE, Duration.ofDays(2));
    JsonObject concert = page("").bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    Shop.Bought bought = shop.buy(schedule, List.of(1, 2), PRICE);
    JsonArray tickets = shop.reservation(bought.user(), bought.reservationId()).getJsonArray("tickets");
    JsonObject key = admin(HttpMethod.POST, "/api/v1/admin/door-keys",
        new JsonObject().put("scheduleId", schedule).put("label", "west gate"), 201);
    HttpResponse<Buffer> door = TestApp.await(app.client().post("/api/v1/door/check-in").putHeader("Door-Key", key.getString("key"))
        .sendJsonObject(new JsonObject().put("code", tickets.getJsonObject(0).getString("code"))));
    assertThat(door.statusCode()).as(door.bodyAsString()).isEqualTo(200);
    admin(HttpMethod.POST, "/api/v1/admin/tickets/check-in",
        new JsonObject().put("code", tickets.getJsonObject(1).getString("code")), 200);
    admin(HttpMethod.DELETE, "/api/v1/admin/door-keys/" + key.getString("keyId"), null, 204);
    JsonObject venue = admin(HttpMethod.POST, "/api/v1/admin/venues", new JsonObject().put("name", "Hall")
        .put("sections", new JsonArray().add(new JsonObject().put("name", "Floor").put("kind", "STANDING").put("capacity", 300))),
        201);
    // Refused and repeated writes changed nothing, so they are not in the trail.
    admin(HttpMethod.POST, "/api/v1/admin/tickets/check-in",
        new JsonObject().put("code", tickets.getJsonObject(1).getString("code")), 409);
    admin(HttpMethod.POST, "/api/v1/admin/door-keys", new JsonObject().put("scheduleId", 99_999).put("label", "x"), 404);
    admin(HttpMethod.DELETE, "/api/v1/admin/door-keys/" + key.getString("keyId"), null, 204);
    // Reads are not writes.
    page("");

    JsonArray items = page("").bodyAsJsonObject().getJsonArray("items");
    assertThat(items).hasSize(6);
    String keyTarget = "door-key:" + key.getString("keyId");
    String[][] expected = {
        {"admin", "venue.create", "venue:" + venue.getLong("venueId")},
        {"admin", "door-key.revoke", keyTarget},
        {"admin", "ticket.check-in", "ticket:" + bought.reservationId() + "/2"},
        {"door:" + key.getString("keyId"), "ticket.check-in", "ticket:" + bought.reservationId() + "/1"},
        {"admin", "door-key.create", keyTarget},
        {"admin", "concert.create", concert.getString("target")}};
    long previousId = Long.MAX_VALUE;
    for (int i = 0; i < expected.length; i++) {
      JsonObject item = items.getJsonObject(i);
      assertThat(List.of(item.getString("actor"), item.getString("action"), item.getString("target")))
          .as(item.encode()).containsExactly(expected[i]);
      assertThat(item.getLong("actionId")).isLessThan(previousId);
      previousId = item.getLong("actionId");
      assertThat(Instant.parse(item.getString("at"))).isAfter(before).isBefore(Instant.now().plusSeconds(1));
    }
    assertThat(items.getJsonObject(0).getJsonObject("detail")).isEqualTo(new JsonObject()
        .put("name", "Hall").put("capacity", 300).put("sections", 1));
    assertThat(items.getJsonObject(4).getJsonObject("detail")).isEqualTo(new JsonObject()
        .put("keyId", key.getString("keyId")).put("scheduleId", schedule).put("label", "west gate"));
    // A key is never in the trail.
    assertThat(items.encode()).doesNotContain(key.getString("key"));
    assertThat(items.getJsonObject(3).getJsonObject("detail").getLong("scheduleId")).isEqualTo(schedule);
    assertThat(items.getJsonObject(5).getJsonObject("detail").getString("title")).isEqualTo("After the sale");
    assertThat(items.getJsonObject(5).getJsonObject("detail").getJsonArray("schedules").getJsonObject(0)
        .getLong("scheduleId")).isEqualTo(schedule);
  }

  /**
   * Two hundred operators' writes at once: each is in the trail exactly once, and the pages,
   * walked by their cursors, list them all newest first without a gap or a repeat.
   */
  @Test
  void concurrentWritesAreEachRecordedOnceAndThePagesWalkThemAll() {
    long schedule = shop.schedule(10, PRICE, Duration.ofDays(2));
    List<Future<HttpResponse<Buffer>>> created = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      created.add(shop.admin(HttpMethod.POST, "/api/v1/admin/door-keys",
          new JsonObject().put("scheduleId", schedule).put("label", "gate " + i)));
    }
    TestApp.await(Future.join(created));
    Set<String> keyTargets = new HashSet<>();
    created.forEach(c -> {
      assertThat(c.result().statusCode()).as(c.result().bodyAsString()).isEqualTo(201);
      keyTargets.add("door-key:" + c.result().bodyAsJsonObject().getString("keyId"));
    });

    List<JsonObject> walked = new ArrayList<>();
    String next = null;
    int pages = 0;
    do {
      JsonObject page = page("?limit=30" + (next == null ? "" : "&after=" + next)).bodyAsJsonObject();
      page.getJsonArray("items").forEach(item -> walked.add((JsonObject) item));
      next = page.getString("next");
      pages++;
    } while (next != null);
    // 200 keys and the concert: 7 pages of 30, the last of 21.
    assertThat(pages).isEqualTo(7);
    assertThat(walked).hasSize(201);
    for (int i = 1; i < walked.size(); i++) {
      assertThat(walked.get(i).getLong("actionId")).isLessThan(walked.get(i - 1).getLong("actionId"));
    }
    Set<String> targets = new HashSet<>();
    walked.subList(0, 200).forEach(item -> {
      assertThat(item.getString("action")).isEqualTo("door-key.create");
      targets.add(item.getString("target"));
    });
    assertThat(targets).isEqualTo(keyTargets);
    assertThat(walked.get(200).getString("action")).isEqualTo("concert.create");

    // The default page is 20; a page past the end is empty.
    assertThat(page("").bodyAsJsonObject().getJsonArray("items")).hasSize(20);
    JsonObject last = page("?after=" + walked.get(200).getLong("actionId")).bodyAsJsonObject();
    assertThat(last.getJsonArray("items")).isEmpty();
    assertThat(last.getValue("next")).isNull();
  }

  /** A page, first or next, is read backwards along the primary key, never by sorting the whole trail. */
  @Test
  void pagesAreReadAlongThePrimaryKey() {
    for (String statement : List.of("trail/first_page", "trail/next_page")) {
      String sql = dev.concert.infra.Resources.sql(statement);
      io.vertx.sqlclient.Tuple params = statement.endsWith("first_page")
          ? io.vertx.sqlclient.Tuple.of(21) : io.vertx.sqlclient.Tuple.of(1_000L, 21);
      StringBuilder plan = new StringBuilder();
      TestApp.await(app.pool().withConnection(c -> c.query("SET enable_seqscan = off").execute()
          .compose(off -> c.preparedQuery("EXPLAIN " + sql).execute(params))))
          .forEach(row -> plan.append(row.getString(0)).append('\n'));
      assertThat(plan).as(statement).contains("Index Scan Backward using operator_actions_pkey").doesNotContain("Sort");
    }
  }

  @Test
  void badPagesAndCallersWithoutTheAdminKeyAreRefused() {
    for (String query : List.of("?limit=0", "?limit=101", "?limit=x", "?after=", "?after=abc", "?after=-1")) {
      HttpResponse<Buffer> refused = page(query);
      assertThat(refused.statusCode()).as(query).isEqualTo(400);
      assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("VALIDATION_FAILED");
    }
    HttpResponse<Buffer> anonymous = TestApp.await(app.client().get("/api/v1/admin/actions").send());
    contract.assertConforms("listActions", anonymous);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.bodyAsJsonObject().getString("code")).isEqualTo("ADMIN_KEY_INVALID");
  }
}
