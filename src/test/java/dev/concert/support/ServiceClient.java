package dev.concert.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The service's flows over HTTP, the same for an in-process instance ({@link TestApp}) and one in
 * another JVM ({@code ClusterHarness.Instance}): what the test classes used to repeat each.
 * Blocking helpers (no {@code Future} in their type) are for the test thread only.
 */
public interface ServiceClient {
  WebClient client();

  /** An HTTP call; {@code token} and {@code body} may be null. */
  default Future<HttpResponse<Buffer>> call(HttpMethod method, String path, String token, JsonObject body) {
    return call(method, path, token, null, body);
  }

  /** An HTTP call with an {@code Idempotency-Key} (null for none). */
  default Future<HttpResponse<Buffer>> call(HttpMethod method, String path, String token, String idempotencyKey, JsonObject body) {
    HttpRequest<Buffer> request = client().request(method, path).timeout(30_000);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    if (idempotencyKey != null) {
      request.putHeader("Idempotency-Key", idempotencyKey);
    }
    return body == null ? request.send() : request.sendJsonObject(body);
  }

  default HttpResponse<Buffer> callAndWait(HttpMethod method, String path, String token, JsonObject body) {
    return TestApp.await(call(method, path, token, body));
  }

  /** A GET of an operators' endpoint (metrics, cluster view, readiness details) with the Admin-Key. */
  default HttpResponse<Buffer> operatorGet(String path) {
    return TestApp.await(client().get(path).putHeader("Admin-Key", TestApp.ADMIN_KEY).timeout(30_000).send());
  }

  /** Creates a concert of one date, 30 days ahead, through the admin API; returns its schedule id. */
  default long newSchedule(String title, int seats, long price) {
    JsonObject schedule = new JsonObject()
        .put("startsAt", Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS).toString())
        .put("seatCount", seats).put("price", price);
    HttpResponse<Buffer> created = TestApp.await(client().post("/api/v1/admin/concerts")
        .putHeader("Admin-Key", TestApp.ADMIN_KEY).timeout(30_000)
        .sendJsonObject(new JsonObject().put("title", title).put("schedules", new JsonArray().add(schedule))));
    assertThat(created.statusCode()).as("creating a concert: %s", created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
  }

  /** Joins the queue as a new user (201); the token may still be WAITING. */
  default TestApp.ActiveUser join() {
    UUID userId = UUID.randomUUID();
    HttpResponse<Buffer> issued = callAndWait(HttpMethod.POST, "/api/v1/queue/tokens", null,
        new JsonObject().put("userId", userId.toString()));
    assertThat(issued.statusCode()).as("joining the queue: %s", issued.bodyAsString()).isEqualTo(201);
    return new TestApp.ActiveUser(userId, issued.bodyAsJsonObject().getString("token"));
  }

  /** The token's status (WAITING, ACTIVE, EXPIRED). */
  default String status(TestApp.ActiveUser user) {
    return callAndWait(HttpMethod.GET, "/api/v1/queue/tokens/current", user.token(), null).bodyAsJsonObject().getString("status");
  }

  default Future<HttpResponse<Buffer>> requestHold(TestApp.ActiveUser user, long schedule, List<Integer> seats) {
    return call(HttpMethod.POST, "/api/v1/reservations", user.token(),
        new JsonObject().put("scheduleId", schedule).put("seatNumbers", new JsonArray(seats)));
  }

  /** Holds {@code seats} (asserts 201); returns the reservation id. */
  default String hold(TestApp.ActiveUser user, long schedule, List<Integer> seats) {
    HttpResponse<Buffer> held = TestApp.await(requestHold(user, schedule, seats));
    assertThat(held.statusCode()).as(held.bodyAsString()).isEqualTo(201);
    return held.bodyAsJsonObject().getString("reservationId");
  }

  default Future<HttpResponse<Buffer>> charge(TestApp.ActiveUser user, long amount, String idempotencyKey) {
    return call(HttpMethod.POST, "/api/v1/balance/charge", user.token(), idempotencyKey, new JsonObject().put("amount", amount));
  }

  default Future<HttpResponse<Buffer>> pay(TestApp.ActiveUser user, String reservationId, String idempotencyKey) {
    return call(HttpMethod.POST, "/api/v1/payments", user.token(), idempotencyKey, new JsonObject().put("reservationId", reservationId));
  }

  default Future<HttpResponse<Buffer>> refund(TestApp.ActiveUser user, String reservationId, String idempotencyKey) {
    return call(HttpMethod.POST, "/api/v1/reservations/" + reservationId + "/refund", user.token(), idempotencyKey, null);
  }

  default long balance(TestApp.ActiveUser user) {
    return callAndWait(HttpMethod.GET, "/api/v1/balance", user.token(), null).bodyAsJsonObject().getLong("balance");
  }
}
