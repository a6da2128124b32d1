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
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Balances and payments against real Postgres and Redis, through HTTP. */
class PaymentIntegrationTest {
  private static final long PRICE = 25_000;
  @RegisterExtension final TestAppExtension apps = new TestAppExtension();
  private TestApp app;

  @Test
  void twoHundredConcurrentChargesAreAllCounted() {
    app = apps.start();
    ActiveUser user = app.activeUser();
    assertThat(app.balance(user)).isZero();
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      calls.add(app.charge(user, 1_000, null));
    }
    TestApp.await(Future.all(calls));
    assertThat(calls).allMatch(c -> c.result().statusCode() == 200);
    assertThat(app.balance(user)).isEqualTo(200_000);
  }

  @Test
  void twentyConcurrentChargesWithOneKeyChargeOnceAndAnswerTheSame() {
    app = apps.start();
    ActiveUser user = app.activeUser();
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(app.charge(user, 5_000, "charge-key-1"));
    }
    TestApp.await(Future.all(calls));
    Set<String> bodies = new HashSet<>();
    calls.forEach(c -> {
      assertThat(c.result().statusCode()).isEqualTo(200);
      bodies.add(c.result().bodyAsString());
    });
    assertThat(bodies).hasSize(1);
    assertThat(app.balance(user)).isEqualTo(5_000);
    HttpResponse<Buffer> reused = TestApp.await(app.charge(user, 6_000, "charge-key-1"));
    assertThat(reused.statusCode()).isEqualTo(422);
    assertThat(reused.bodyAsJsonObject().getString("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    // Keys are per user: another user's same key is a new request.
    ActiveUser other = app.activeUser();
    assertThat(TestApp.await(app.charge(other, 7_000, "charge-key-1")).bodyAsJsonObject().getLong("balance")).isEqualTo(7_000);
    assertThat(app.balance(user)).isEqualTo(5_000);
  }

  @Test
  void chargesAreBoundedAndBadAmountsChangeNothing() {
    app = apps.start();
    ActiveUser user = app.activeUser();
    for (long amount : new long[] {0, -5, 100_000_001}) {
      HttpResponse<Buffer> refused = TestApp.await(app.charge(user, amount, null));
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.bodyAsJsonObject().getString("detail")).contains("amount");
    }
    HttpResponse<Buffer> badKey = TestApp.await(app.charge(user, 10, "k".repeat(65)));
    assertThat(badKey.statusCode()).isEqualTo(400);
    // A balance and its ledger entry together, as the ledger's constraint requires.
    TestApp.await(app.pool().preparedQuery("WITH b AS (INSERT INTO balances (user_id, balance) VALUES ($1, $2)) "
            + "INSERT INTO ledger_entries (user_id, type, amount, balance_after) VALUES ($1, 'CHARGE', $2, $2)")
        .execute(Tuple.of(user.userId(), 999_950_000_000L)));
    HttpResponse<Buffer> limited = TestApp.await(app.charge(user, 50_000_001, null));
    assertThat(limited.statusCode()).isEqualTo(409);
    assertThat(limited.bodyAsJsonObject().getString("code")).isEqualTo("BALANCE_LIMIT_EXCEEDED");
    assertThat(TestApp.await(app.charge(user, 50_000_000, null)).bodyAsJsonObject().getLong("balance"))
        .isEqualTo(1_000_000_000_000L);
  }

  @Test
  void aPaymentSellsTheSeatsEndsTheTokenAndRecordsEverything() {
    app = apps.start();
    long schedule = app.newSchedule("Payments", 50, PRICE);
    ActiveUser user = app.activeUser();
    TestApp.await(app.charge(user, 100_000, null));
    String reservationId = app.hold(user, schedule, List.of(1, 2));

    HttpResponse<Buffer> paid = TestApp.await(app.pay(user, reservationId, "pay-1"));
    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
    JsonObject receipt = paid.bodyAsJsonObject();
    assertThat(receipt.getLong("amount")).isEqualTo(2 * PRICE);
    assertThat(receipt.getLong("balance")).isEqualTo(100_000 - 2 * PRICE);
    assertThat(receipt.getString("reservationId")).isEqualTo(reservationId);
    assertThat(receipt.getString("userId")).isEqualTo(user.userId().toString());

    assertThat(app.currentToken(user.token()).getString("status")).isEqualTo("EXPIRED");
    HttpResponse<Buffer> afterwards = app.callAndWait(HttpMethod.GET, "/api/v1/schedules/" + schedule + "/seats", user.token(), null);
    assertThat(afterwards.statusCode()).isEqualTo(401);
    assertThat(afterwards.bodyAsJsonObject().getString("code")).isEqualTo("TOKEN_EXPIRED");
    // The identity gate still lets the user read the reservation and the balance.
    JsonObject reservation = app.callAndWait(HttpMethod.GET, "/api/v1/reservations/" + reservationId, user.token(), null)
        .bodyAsJsonObject();
    assertThat(reservation.getString("status")).isEqualTo("PAID");
    assertThat(app.balance(user)).isEqualTo(50_000);
    // Replaying the payment with its key answers the first result, even with the token ended.
    HttpResponse<Buffer> replay = TestApp.await(app.pay(user, reservationId, "pay-1"));
    assertThat(replay.statusCode()).isEqualTo(201);
    assertThat(replay.bodyAsJsonObject()).isEqualTo(receipt);
    assertThat(app.balance(user)).isEqualTo(50_000);

    ActiveUser viewer = app.activeUser();
    JsonArray seats = app.callAndWait(HttpMethod.GET, "/api/v1/schedules/" + schedule + "/seats", viewer.token(), null)
        .bodyAsJsonObject().getJsonArray("items");
    assertThat(seats.getJsonObject(0).getString("status")).isEqualTo("SOLD");
    assertThat(seats.getJsonObject(1).getString("status")).isEqualTo("SOLD");
    assertThat(app.count("SELECT count(*) FROM payments WHERE reservation_id = $1", UUID.fromString(reservationId))).isEqualTo(1);
    assertThat(app.count("SELECT count(*) FROM reservation_seats WHERE reservation_id = $1 AND status = 'PAID'",
        UUID.fromString(reservationId))).isEqualTo(2);
    assertThat(app.count("SELECT count(*) FROM outbox WHERE event_key = $1 AND event_type = 'PaymentCompleted'", reservationId))
        .isEqualTo(1);
  }

  @Test
  void thirtyConcurrentPaymentsOfOneReservationPayOnce() {
    app = apps.start();
    long schedule = app.newSchedule("Payments", 50, PRICE);
    ActiveUser user = app.activeUser();
    TestApp.await(app.charge(user, 1_000_000, null));
    String reservationId = app.hold(user, schedule, List.of(30));
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      calls.add(app.pay(user, reservationId, null));
    }
    TestApp.await(Future.all(calls));
    Map<Integer, Integer> statuses = new HashMap<>();
    calls.forEach(c -> statuses.merge(c.result().statusCode(), 1, Integer::sum));
    assertThat(statuses.get(201)).isEqualTo(1);
    // The rest lost the race: the reservation is no longer held, or the token already ended.
    assertThat(statuses.keySet()).isSubsetOf(Set.of(201, 409, 401));
    assertThat(app.balance(user)).isEqualTo(1_000_000 - PRICE);
    assertThat(app.count("SELECT count(*) FROM payments")).isEqualTo(1);
  }

  @Test
  void insufficientBalanceChangesNothing() {
    app = apps.start();
    long schedule = app.newSchedule("Payments", 50, PRICE);
    ActiveUser user = app.activeUser();
    TestApp.await(app.charge(user, PRICE - 1, null));
    String reservationId = app.hold(user, schedule, List.of(4));
    for (String key : new String[] {null, "poor-1"}) {
      HttpResponse<Buffer> refused = TestApp.await(app.pay(user, reservationId, key));
      assertThat(refused.statusCode()).isEqualTo(402);
      assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("INSUFFICIENT_BALANCE");
    }
    assertThat(app.balance(user)).isEqualTo(PRICE - 1);
    assertThat(app.count("SELECT count(*) FROM payments")).isZero();
    assertThat(app.count("SELECT count(*) FROM reservations WHERE status = 'HELD'")).isEqualTo(1);
    assertThat(app.count("SELECT count(*) FROM outbox WHERE event_type = 'PaymentCompleted'")).isZero();
    assertThat(app.currentToken(user.token()).getString("status")).isEqualTo("ACTIVE");
    // The same key replays the refusal even after the balance would cover it; a new key pays.
    TestApp.await(app.charge(user, 1, null));
    assertThat(TestApp.await(app.pay(user, reservationId, "poor-1")).statusCode()).isEqualTo(402);
    assertThat(TestApp.await(app.pay(user, reservationId, "rich-1")).statusCode()).isEqualTo(201);
    assertThat(app.balance(user)).isZero();
  }

  @Test
  void refusedPaymentsSayWhy() {
    app = apps.start(java.util.Map.of("CONCERT_HOLD_SECONDS", "1"));
    long schedule = app.newSchedule("Payments", 50, PRICE);
    List<ActiveUser> users = app.activeUsers(2);
    ActiveUser owner = users.get(0);
    TestApp.await(app.charge(owner, 1_000_000, null));
    String expiring = app.hold(owner, schedule, List.of(1));
    assertThat(TestApp.await(app.pay(users.get(1), expiring, null)).statusCode()).isEqualTo(404);
    assertThat(TestApp.await(app.pay(owner, UUID.randomUUID().toString(), null)).statusCode()).isEqualTo(404);
    TestApp.awaitCondition(() -> app.count("SELECT count(*) FROM reservations WHERE status = 'EXPIRED'") == 1, "expiry");
    HttpResponse<Buffer> expired = TestApp.await(app.pay(owner, expiring, null));
    assertThat(expired.statusCode()).isEqualTo(409);
    assertThat(expired.bodyAsJsonObject().getString("code")).isEqualTo("RESERVATION_EXPIRED");
    assertThat(app.balance(owner)).isEqualTo(1_000_000);
  }

  /** The payment statement's own clock decides: past held_until is too late, sweeper or not. */
  @Test
  void aHoldPastItsTimeIsRefusedBeforeTheSweeperHasExpiredIt() {
    app = apps.start(java.util.Map.of("CONCERT_SWEEP_INTERVAL_MS", "60000"));
    long schedule = app.newSchedule("Payments", 50, PRICE);
    ActiveUser owner = app.activeUser();
    TestApp.await(app.charge(owner, 1_000_000, null));
    String late = app.hold(owner, schedule, List.of(1));
    TestApp.await(app.pool().preparedQuery("UPDATE reservations SET held_until = now() - interval '1 millisecond' WHERE id = $1::uuid")
        .execute(Tuple.of(late)));
    HttpResponse<Buffer> refused = TestApp.await(app.pay(owner, late, null));
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(409);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("RESERVATION_EXPIRED");
    assertThat(app.count("SELECT count(*) FROM reservations WHERE id = $1::uuid AND status = 'HELD'", late)).isEqualTo(1);
    assertThat(app.count("SELECT count(*) FROM payments WHERE reservation_id = $1::uuid", late)).isZero();
    assertThat(app.balance(owner)).isEqualTo(1_000_000);
    // Still in time: paid; then paid again: not held any more.
    String onTime = app.hold(owner, schedule, List.of(2));
    assertThat(TestApp.await(app.pay(owner, onTime, null)).statusCode()).isEqualTo(201);
    HttpResponse<Buffer> again = TestApp.await(app.pay(app.activeUser(), onTime, null));
    assertThat(again.statusCode()).isEqualTo(404);
  }

  @Test
  void aPaymentRacingTheExpiryEitherSellsOrExpiresNeverBoth() {
    app = apps.start(java.util.Map.of("CONCERT_HOLD_SECONDS", "1", "CONCERT_SWEEP_INTERVAL_MS", "10"));
    long schedule = app.newSchedule("Payments", 200, PRICE);
    List<ActiveUser> users = app.activeUsers(60);
    List<Future<HttpResponse<Buffer>>> charges = new ArrayList<>();
    users.forEach(u -> charges.add(app.charge(u, PRICE, null)));
    TestApp.await(Future.all(charges));
    List<String> reservations = new ArrayList<>();
    for (int i = 0; i < users.size(); i++) {
      reservations.add(app.hold(users.get(i), schedule, List.of(i + 1)));
    }
    // Pay each hold around its expiry, spread over the last 300 ms and the first 300 ms after.
    long until = TestApp.await(app.pool().query("SELECT max(held_until) FROM reservations").execute())
        .iterator().next().getOffsetDateTime(0).toInstant().toEpochMilli();
    List<Future<HttpResponse<Buffer>>> payments = new ArrayList<>();
    for (int i = 0; i < users.size(); i++) {
      long at = until - 300 + (600L * i / users.size());
      int index = i;
      io.vertx.core.Promise<HttpResponse<Buffer>> paid = io.vertx.core.Promise.promise();
      app.vertx().setTimer(Math.max(1, at - System.currentTimeMillis()),
          id -> app.pay(users.get(index), reservations.get(index), null).onComplete(paid));
      payments.add(paid.future());
    }
    TestApp.await(Future.all(payments));
    TestApp.awaitCondition(() -> app.count("SELECT count(*) FROM reservations WHERE status = 'HELD'") == 0, "all settled");
    int sold = 0;
    for (int i = 0; i < users.size(); i++) {
      UUID id = UUID.fromString(reservations.get(i));
      Row row = TestApp.await(app.pool().preparedQuery(
              "SELECT r.status, (SELECT count(*) FROM payments p WHERE p.reservation_id = r.id) AS payments, "
                  + "(SELECT count(*) FROM outbox o WHERE o.event_key = r.id::text AND o.event_type = 'ReservationExpired') AS expiries, "
                  + "(SELECT balance FROM balances b WHERE b.user_id = r.user_id) AS balance "
                  + "FROM reservations r WHERE r.id = $1").execute(Tuple.of(id))).iterator().next();
      int status = payments.get(i).result().statusCode();
      if (row.getString("status").equals("PAID")) {
        sold++;
        assertThat(status).isEqualTo(201);
        assertThat(row.getLong("payments")).isEqualTo(1);
        assertThat(row.getLong("expiries")).isZero();
        assertThat(row.getLong("balance")).isZero();
      } else {
        assertThat(row.getString("status")).isEqualTo("EXPIRED");
        assertThat(status).isEqualTo(409);
        assertThat(row.getLong("payments")).isZero();
        assertThat(row.getLong("expiries")).isEqualTo(1);
        assertThat(row.getLong("balance")).isEqualTo(PRICE);
      }
    }
    assertThat(app.count("SELECT count(*) FROM reservation_seats WHERE status = 'PAID'")).isEqualTo(sold);
  }
}
