package dev.concert.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.TestApp;
import dev.concert.support.TestAppExtension;
import dev.concert.support.TestApp.ActiveUser;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Contract breaks found by a careful read: Idempotency-Key is any 1-64 character string; one token pays once. */
class PaymentTruthIntegrationTest {
  private static final long PRICE = 10_000;
  @RegisterExtension
  final TestAppExtension apps = new TestAppExtension();
  private TestApp app;


  @Test
  void anyStringOfOneToSixtyFourCharactersIsAKey() {
    app = apps.start();
    ActiveUser user = app.activeUser();
    long expected = 0;
    for (String key : List.of("-1", "1.5", "{}", "[1]", "true", "null", "\"quoted\"", " x ", "k".repeat(64))) {
      expected += 7;
      HttpResponse<Buffer> first = charge(user, 7, key);
      assertThat(first.statusCode()).as(key + ": " + first.bodyAsString()).isEqualTo(200);
      assertThat(first.bodyAsJsonObject().getLong("balance")).isEqualTo(expected);
      // The same key again is a replay, not a second charge.
      HttpResponse<Buffer> again = charge(user, 7, key);
      assertThat(again.bodyAsString()).isEqualTo(first.bodyAsString());
    }
    assertThat(charge(user, 7, "k".repeat(65)).statusCode()).isEqualTo(400);
  }

  @Test
  void oneActiveTokenPaysForOneReservationEvenWhenSeveralArePaidAtOnce() {
    app = apps.start();
    long schedule = app.createConcert("One token pays once", 20, PRICE, Duration.ofDays(10), 1)
        .getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
    for (int round = 0; round < 5; round++) {
      ActiveUser user = app.activeUser();
      assertThat(charge(user, 100_000, null).statusCode()).isEqualTo(200);
      List<String> reservations = new ArrayList<>();
      for (int seat = 1; seat <= 4; seat++) {
        reservations.add(hold(user, schedule, round * 4 + seat));
      }
      List<Future<HttpResponse<Buffer>>> payments = new ArrayList<>();
      // Half with keys: a keyed refusal is stored as that key's outcome, and still only one pays.
      for (int i = 0; i < reservations.size(); i++) {
        payments.add(pay(user, reservations.get(i), i % 2 == 0 ? null : "pay-" + i));
      }
      TestApp.await(Future.join(payments));
      long paid = payments.stream().filter(p -> p.result().statusCode() == 201).count();
      assertThat(paid).as("payments that succeeded with one token").isEqualTo(1);
      payments.stream().filter(p -> p.result().statusCode() != 201).forEach(p -> {
        assertThat(p.result().statusCode()).as(p.result().bodyAsString()).isEqualTo(401);
        assertThat(p.result().bodyAsJsonObject().getString("code")).isEqualTo("TOKEN_EXPIRED");
      });
      assertThat(balance(user)).isEqualTo(100_000 - PRICE);
    }
  }

  private String hold(ActiveUser user, long schedule, int seat) {
    HttpResponse<Buffer> held = app.callAndWait(HttpMethod.POST, "/api/v1/reservations", user.token(),
        new JsonObject().put("scheduleId", schedule).put("seatNumbers", new JsonArray().add(seat)));
    assertThat(held.statusCode()).as(held.bodyAsString()).isEqualTo(201);
    return held.bodyAsJsonObject().getString("reservationId");
  }

  private HttpResponse<Buffer> charge(ActiveUser user, long amount, String key) {
    HttpRequest<Buffer> request = app.client().post("/api/v1/balance/charge")
        .putHeader("Authorization", "Bearer " + user.token()).timeout(30_000);
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    return TestApp.await(request.sendJsonObject(new JsonObject().put("amount", amount)));
  }

  private Future<HttpResponse<Buffer>> pay(ActiveUser user, String reservationId, String key) {
    HttpRequest<Buffer> request = app.client().post("/api/v1/payments")
        .putHeader("Authorization", "Bearer " + user.token()).timeout(30_000);
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    return request.sendJsonObject(new JsonObject().put("reservationId", reservationId));
  }

  private long balance(ActiveUser user) {
    return app.callAndWait(HttpMethod.GET, "/api/v1/balance", user.token(), null).bodyAsJsonObject().getLong("balance");
  }
}
