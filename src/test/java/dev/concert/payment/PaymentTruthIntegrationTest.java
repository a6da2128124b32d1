package dev.concert.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.TestApp;
import dev.concert.support.TestAppExtension;
import dev.concert.support.TestApp.ActiveUser;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
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
      HttpResponse<Buffer> first = TestApp.await(app.charge(user, 7, key));
      assertThat(first.statusCode()).as(key + ": " + first.bodyAsString()).isEqualTo(200);
      assertThat(first.bodyAsJsonObject().getLong("balance")).isEqualTo(expected);
      // The same key again is a replay, not a second charge.
      HttpResponse<Buffer> again = TestApp.await(app.charge(user, 7, key));
      assertThat(again.bodyAsString()).isEqualTo(first.bodyAsString());
    }
    assertThat(TestApp.await(app.charge(user, 7, "k".repeat(65))).statusCode()).isEqualTo(400);
  }

  @Test
  void oneActiveTokenPaysForOneReservationEvenWhenSeveralArePaidAtOnce() {
    app = apps.start();
    long schedule = app.createConcert("One token pays once", 20, PRICE, Duration.ofDays(10), 1)
        .getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
    for (int round = 0; round < 5; round++) {
      ActiveUser user = app.activeUser();
      assertThat(TestApp.await(app.charge(user, 100_000, null)).statusCode()).isEqualTo(200);
      List<String> reservations = new ArrayList<>();
      for (int seat = 1; seat <= 4; seat++) {
        reservations.add(app.hold(user, schedule, List.of(round * 4 + seat)));
      }
      List<Future<HttpResponse<Buffer>>> payments = new ArrayList<>();
      // Half with keys: a keyed refusal is stored as that key's outcome, and still only one pays.
      for (int i = 0; i < reservations.size(); i++) {
        payments.add(app.pay(user, reservations.get(i), i % 2 == 0 ? null : "pay-" + i));
      }
      TestApp.await(Future.join(payments));
      long paid = payments.stream().filter(p -> p.result().statusCode() == 201).count();
      assertThat(paid).as("payments that succeeded with one token").isEqualTo(1);
      payments.stream().filter(p -> p.result().statusCode() != 201).forEach(p -> {
        assertThat(p.result().statusCode()).as(p.result().bodyAsString()).isEqualTo(401);
        assertThat(p.result().bodyAsJsonObject().getString("code")).isEqualTo("TOKEN_EXPIRED");
      });
      assertThat(app.balance(user)).isEqualTo(100_000 - PRICE);
    }
  }
}
