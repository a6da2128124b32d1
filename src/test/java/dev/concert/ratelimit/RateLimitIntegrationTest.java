package dev.concert.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.config.AppConfig;
import dev.concert.support.ContractResponses;
import dev.concert.support.TestApp;
import dev.concert.support.TestAppExtension;
import dev.concert.support.TestApp.ActiveUser;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rate limits counted in Redis, across two instances on the same Redis and Postgres. */
class RateLimitIntegrationTest {
  @RegisterExtension final TestAppExtension apps = new TestAppExtension();
  private TestApp app;
  private TestApp second;

  private void startTwo(Map<String, String> overrides) {
    app = apps.start(overrides);
    second = apps.resume(AppConfig.from(TestApp.environment(overrides)));
  }

  private static HttpResponse<Buffer> askToken(WebClient client, UUID userId, String forwardedFor) {
    var request = client.post("/api/v1/queue/tokens").timeout(30_000);
    if (forwardedFor != null) {
      request.putHeader("X-Forwarded-For", forwardedFor);
    }
    return TestApp.await(request.sendJsonObject(new JsonObject().put("userId", userId.toString())));
  }

  private void assertRateLimited(String operationId, HttpResponse<Buffer> response, long maxRetryAfterSeconds) {
    ContractResponses.load(app.vertx()).assertConforms(operationId, response);
    assertRateLimited(response, maxRetryAfterSeconds);
  }

  private static void assertRateLimited(HttpResponse<Buffer> response, long maxRetryAfterSeconds) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(429);
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("RATE_LIMITED");
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(Long.parseLong(response.getHeader("Retry-After"))).isBetween(1L, maxRetryAfterSeconds);
  }

  @Test
  void tokenRequestsOfOneUserAreLimitedAcrossInstances() {
    startTwo(Map.of("CONCERT_RATE_TOKENS_PER_MINUTE", "3"));
    UUID user = UUID.randomUUID();
    assertThat(askToken(app.client(), user, null).statusCode()).isEqualTo(201);
    assertThat(askToken(second.client(), user, null).statusCode()).isEqualTo(200);
    assertThat(askToken(app.client(), user, null).statusCode()).isEqualTo(200);
    // One token every 20 s after the first three: the next is at most 20 s away.
    assertRateLimited("issueQueueToken", askToken(second.client(), user, null), 20);
    assertRateLimited(askToken(app.client(), user, null), 20);
  }

  @Test
  void tokenRequestsFromOneAddressAreLimitedAcrossInstances() {
    startTwo(Map.of("CONCERT_RATE_TOKENS_PER_MINUTE", "4"));
    for (int i = 0; i < 4; i++) {
      assertThat(askToken(i % 2 == 0 ? app.client() : second.client(), UUID.randomUUID(), null).statusCode())
          .isEqualTo(201);
    }
    HttpResponse<Buffer> refused = askToken(second.client(), UUID.randomUUID(), null);
    assertRateLimited(refused, 15);
    assertThat(refused.bodyAsJsonObject().getString("detail")).contains("address");
  }

  @Test
  void forwardedForCountsOnlyBehindATrustedProxy() {
    // Untrusted: X-Forwarded-For is ignored, every request counts against 127.0.0.1.
    startTwo(Map.of("CONCERT_RATE_TOKENS_PER_MINUTE", "2"));
    assertThat(askToken(app.client(), UUID.randomUUID(), "203.0.113.1").statusCode()).isEqualTo(201);
    assertThat(askToken(second.client(), UUID.randomUUID(), "203.0.113.2").statusCode()).isEqualTo(201);
    assertRateLimited(askToken(app.client(), UUID.randomUUID(), "203.0.113.3"), 30);
    second.close();
    second = null;
    app.close();

    // Trusted (the tests' connections come from 127.0.0.1): each forwarded client has its own budget.
    startTwo(Map.of("CONCERT_RATE_TOKENS_PER_MINUTE", "2", "CONCERT_TRUSTED_PROXIES", "127.0.0.1"));
    assertThat(askToken(app.client(), UUID.randomUUID(), "203.0.113.1").statusCode()).isEqualTo(201);
    assertThat(askToken(second.client(), UUID.randomUUID(), "203.0.113.1").statusCode()).isEqualTo(201);
    assertRateLimited(askToken(app.client(), UUID.randomUUID(), "203.0.113.1"), 30);
    assertThat(askToken(second.client(), UUID.randomUUID(), "203.0.113.2").statusCode()).isEqualTo(201);
    assertThat(askToken(app.client(), UUID.randomUUID(), "203.0.113.3").statusCode()).isEqualTo(201);
  }

  @Test
  void holdAttemptsOfOneUserAreLimitedAcrossInstances() {
    startTwo(Map.of("CONCERT_RATE_HOLDS_PER_SECOND", "2", "CONCERT_MAX_SEATS_PER_USER", "0"));
    long schedule = app.createConcert("Rates", 50, 1_000, Duration.ofDays(10), 1)
        .getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
    ActiveUser user = app.activeUser();
    ActiveUser other = app.activeUser();

    long start = System.nanoTime();
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int seat = 1; seat <= 12; seat++) {
      calls.add((seat % 2 == 0 ? app : second).call(HttpMethod.POST, "/api/v1/reservations",
          user.token(), new JsonObject().put("scheduleId", schedule).put("seatNumbers", new JsonArray().add(seat))));
    }
    TestApp.await(Future.join(calls));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    long held = calls.stream().filter(c -> c.result().statusCode() == 201).count();
    // A burst of 2, then one every 500 ms: never more, however the requests spread over instances.
    assertThat(held).isBetween(2L, 2 + elapsedMillis / 500);
    calls.stream().map(Future::result).filter(r -> r.statusCode() != 201).forEach(r -> assertRateLimited("holdSeats", r, 1));
    assertThat(calls.stream().filter(c -> c.result().statusCode() == 429).count()).isEqualTo(12 - held);

    // Another user is not slowed by this one.
    assertThat(TestApp.await(app.call(HttpMethod.POST, "/api/v1/reservations", other.token(),
        new JsonObject().put("scheduleId", schedule).put("seatNumbers", new JsonArray().add(40)))).statusCode())
        .isEqualTo(201);
    // The limited user may hold again once the bucket refilled.
    TestApp.awaitCondition(() -> TestApp.await(second.call(HttpMethod.POST, "/api/v1/reservations",
        user.token(), new JsonObject().put("scheduleId", schedule).put("seatNumbers", new JsonArray().add(41))))
        .statusCode() == 201, "a hold after the refill");
  }

  @Test
  void chargesOfOneUserAreLimitedAcrossInstancesAndReplaysDoNotCount() {
    startTwo(Map.of("CONCERT_RATE_CHARGES_PER_MINUTE", "3"));
    ActiveUser user = app.activeUser();
    ActiveUser other = app.activeUser();
    assertThat(TestApp.await(app.charge(user, 100, "first")).statusCode()).isEqualTo(200);
    assertThat(TestApp.await(second.charge(user, 100, null)).statusCode()).isEqualTo(200);
    assertThat(TestApp.await(app.charge(user, 100, null)).statusCode()).isEqualTo(200);
    // One charge every 20 s after the first three, whichever instance is asked; nothing is charged.
    assertRateLimited("chargeBalance", TestApp.await(second.charge(user, 100, null)), 20);
    assertRateLimited("chargeBalance", TestApp.await(app.charge(user, 100, "new")), 20);
    assertThat(app.balance(user)).isEqualTo(300);
    // A replay does nothing, so it is answered as before, over the limit or not.
    HttpResponse<Buffer> replayed = TestApp.await(second.charge(user, 100, "first"));
    assertThat(replayed.statusCode()).as(replayed.bodyAsString()).isEqualTo(200);
    assertThat(replayed.bodyAsJsonObject().getLong("balance")).isEqualTo(100);
    // Another user is not slowed by this one.
    assertThat(TestApp.await(second.charge(other, 100, null)).statusCode()).isEqualTo(200);
  }

  @Test
  void zeroTurnsTheLimitsOff() {
    app = apps.start(Map.of("CONCERT_RATE_TOKENS_PER_MINUTE", "0", "CONCERT_RATE_HOLDS_PER_SECOND", "0",
        "CONCERT_RATE_CHARGES_PER_MINUTE", "0"));
    UUID user = UUID.randomUUID();
    for (int i = 0; i < 40; i++) {
      assertThat(askToken(app.client(), i % 2 == 0 ? user : UUID.randomUUID(), null).statusCode()).isIn(200, 201);
    }
    ActiveUser buyer = app.activeUser();
    for (int i = 0; i < 20; i++) {
      assertThat(TestApp.await(app.charge(buyer, 1, null)).statusCode()).isEqualTo(200);
    }
  }
}
