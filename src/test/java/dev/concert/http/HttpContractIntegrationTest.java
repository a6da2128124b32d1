package dev.concert.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP edge against real Postgres and Redis: contract validation, problems, health, admin. */
class HttpContractIntegrationTest {
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String code, String detailPart) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getString("code")).isEqualTo(code);
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("type")).isNotBlank();
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).contains(detailPart);
    assertThat(problem.encode()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  private static HttpResponse<Buffer> post(String path, String contentType, String body) {
    return TestApp.await(app.client().post(path).putHeader("Content-Type", contentType)
        .putHeader("Admin-Key", TestApp.ADMIN_KEY).sendBuffer(Buffer.buffer(body)));
  }

  @Test
  void healthReportsEachDependency() {
    HttpResponse<Buffer> live = app.callAndWait(HttpMethod.GET, "/health/live", null, null);
    assertThat(live.statusCode()).isEqualTo(200);
    HttpResponse<Buffer> ready = app.callAndWait(HttpMethod.GET, "/health/ready", null, null);
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonObject checks = ready.bodyAsJsonObject().getJsonObject("checks");
    assertThat(checks.getJsonObject("postgres").getString("status")).isEqualTo("UP");
    assertThat(checks.getJsonObject("redis").getString("status")).isEqualTo("UP");
  }

  @Test
  void adminCreatesConcertsThatEveryoneCanList() {
    JsonObject created = app.createConcert("Night at the Opera", 50, 80_000, Duration.ofDays(10), 2);
    assertThat(created.getJsonArray("schedules")).hasSize(2);
    assertThat(created.getJsonArray("schedules").getJsonObject(0).getInteger("totalSeats")).isEqualTo(50);

    HttpResponse<Buffer> list = app.callAndWait(HttpMethod.GET, "/api/v1/concerts", null, null);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.bodyAsJsonObject().getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("title")))
        .contains("Night at the Opera");
  }

  @Test
  void adminNeedsTheRightKey() {
    JsonObject body = new JsonObject().put("title", "X").put("schedules", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("startsAt", "2030-01-01T19:00:00Z").put("seatCount", 10).put("price", 1)));
    assertProblem(TestApp.await(app.client().post("/api/v1/admin/concerts").sendJsonObject(body)),
        401, "ADMIN_KEY_INVALID", "Admin-Key");
    assertProblem(TestApp.await(app.client().post("/api/v1/admin/concerts").putHeader("Admin-Key", "wrong")
        .sendJsonObject(body)), 401, "ADMIN_KEY_INVALID", "Admin-Key");
  }

  @Test
  void badBodiesAreValidationProblemsNamingTheField() {
    assertProblem(post("/api/v1/admin/concerts", "application/json", "{not json"), 400, "VALIDATION_FAILED", "not valid JSON");
    assertProblem(post("/api/v1/admin/concerts", "application/json", ""), 400, "VALIDATION_FAILED", "required");
    assertProblem(post("/api/v1/admin/concerts", "application/json", "[]"), 400, "VALIDATION_FAILED", "body");
    assertProblem(post("/api/v1/admin/concerts", "application/json",
        "{\"title\":\"X\",\"schedules\":[{\"startsAt\":\"2030-01-01T19:00:00Z\",\"seatCount\":1001,\"price\":1}]}"),
        400, "VALIDATION_FAILED", "seatCount");
    assertProblem(post("/api/v1/admin/concerts", "application/json",
        "{\"title\":\"X\",\"schedules\":[{\"startsAt\":\"2030-01-01T19:00:00Z\",\"seatCount\":\"ten\",\"price\":1}]}"),
        400, "VALIDATION_FAILED", "seatCount");
    assertProblem(post("/api/v1/admin/concerts", "application/json",
        "{\"title\":\"X\",\"schedules\":[{\"startsAt\":\"2030-01-01T19:00:00Z\",\"seatCount\":10,\"price\":-1}]}"),
        400, "VALIDATION_FAILED", "price");
    assertProblem(post("/api/v1/admin/concerts", "text/plain", "{}"), 400, "VALIDATION_FAILED", "application/json");
    assertThat(app.callAndWait(HttpMethod.GET, "/api/v1/concerts", null, null).bodyAsJsonObject()
        .getJsonArray("items")).noneMatch(o -> ((JsonObject) o).getString("title").equals("X"));
  }

  @Test
  void badQueueTokenRequestsAreValidationProblems() {
    assertProblem(TestApp.await(app.client().post("/api/v1/queue/tokens")
        .sendJsonObject(new JsonObject().put("userId", "not-a-uuid"))), 400, "VALIDATION_FAILED", "userId");
    assertProblem(TestApp.await(app.client().post("/api/v1/queue/tokens")
        .sendJsonObject(new JsonObject().put("userId", 12))), 400, "VALIDATION_FAILED", "userId");
    assertProblem(TestApp.await(app.client().post("/api/v1/queue/tokens")
        .sendJsonObject(new JsonObject())), 400, "VALIDATION_FAILED", "userId");
  }

  @Test
  void oversizedBodiesAreRefusedWith413() {
    String huge = "{\"title\":\"" + "x".repeat(64 * 1024) + "\",\"schedules\":[]}";
    assertProblem(post("/api/v1/admin/concerts", "application/json", huge), 413, "PAYLOAD_TOO_LARGE", "larger");
  }

  @Test
  void unknownRoutesAndMethodsAreProblems() {
    assertProblem(app.callAndWait(HttpMethod.GET, "/api/v1/nothing-here", null, null), 404, "NOT_FOUND", "/api/v1/nothing-here");
    assertProblem(app.callAndWait(HttpMethod.PUT, "/api/v1/concerts", null, null), 405, "METHOD_NOT_ALLOWED", "PUT");
  }

  @Test
  void integerPathParametersAreReadAsJsonWouldReadThem() {
    TestApp.ActiveUser user = app.activeUser();
    for (String bad : new String[] {"abc", "0", "-1", "01", "1.5", "1e3", "99999999999999999999"}) {
      assertProblem(app.callAndWait(HttpMethod.GET, "/api/v1/schedules/" + bad + "/seats", user.token(), null),
          400, "VALIDATION_FAILED", "scheduleId");
    }
    // A well-formed id of no schedule passes validation and is not found.
    assertProblem(app.callAndWait(HttpMethod.GET, "/api/v1/schedules/999999999/seats", user.token(), null),
        404, "NOT_FOUND", "");
  }

  @Test
  void gatedOperationsNeedAToken() {
    assertProblem(app.callAndWait(HttpMethod.GET, "/api/v1/schedules/1/seats", null, null), 401, "TOKEN_INVALID", "");
    assertProblem(app.callAndWait(HttpMethod.GET, "/api/v1/concerts/1/schedules", "garbage", null), 401, "TOKEN_INVALID", "");
  }

  @Test
  void servesTheContractAndItsUi() {
    HttpResponse<Buffer> contract = app.callAndWait(HttpMethod.GET, "/openapi.yaml", null, null);
    assertThat(contract.statusCode()).isEqualTo(200);
    assertThat(contract.bodyAsString()).startsWith("openapi: 3.1.0").contains("operationId: holdSeats");
    HttpResponse<Buffer> docs = app.callAndWait(HttpMethod.GET, "/docs/", null, null);
    assertThat(docs.statusCode()).isEqualTo(200);
    assertThat(docs.bodyAsString()).contains("SwaggerUIBundle").contains("/openapi.yaml");
    assertThat(app.callAndWait(HttpMethod.GET, "/docs/swagger-ui-bundle.js", null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void everyResponseCarriesARequestId() {
    HttpResponse<Buffer> response = TestApp.await(app.client().get("/health/live").putHeader("X-Request-Id", "abc-123").send());
    assertThat(response.getHeader("X-Request-Id")).isEqualTo("abc-123");
    assertThat(app.callAndWait(HttpMethod.GET, "/health/live", null, null).getHeader("X-Request-Id")).isNotBlank();
  }

  @Test
  void adminApiIsOffWithoutAKey() {
    // Only development mode starts without an Admin-Key.
    try (TestApp noAdmin = TestApp.start(Map.of("CONCERT_DEV_MODE", "true", "CONCERT_ADMIN_KEY", ""))) {
      HttpResponse<Buffer> response = TestApp.await(noAdmin.client().post("/api/v1/admin/concerts")
          .putHeader("Admin-Key", "anything").sendJsonObject(new JsonObject()));
      assertProblem(response, 404, "NOT_FOUND", "off");
    }
    app.callAndWait(HttpMethod.GET, "/health/live", null, null);
  }
}
