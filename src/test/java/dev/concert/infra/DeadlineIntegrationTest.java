package dev.concert.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.seats.SeatKeys;
import dev.concert.support.TestApp.ActiveUser;
import dev.concert.support.TestApp;
import dev.concert.support.TestAppExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgConnection;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A 503 is true: with a row lock held by a second Postgres connection (charge, payment, refund,
 * hold, cancel), or Redis stalled, the request answers 503 within its budget, and once the lock is
 * gone nothing of it has happened.
 */
class DeadlineIntegrationTest {
  /** Short budgets: the Postgres work gets 1 s, Redis commands 0.5 s; the bus waits longer than both. */
  static final Map<String, String> SHORT_BUDGETS = Map.of(
      "CONCERT_PG_TRANSACTION_TIMEOUT_MS", "1000",
      "CONCERT_PG_LOCK_TIMEOUT_MS", "1000",
      "CONCERT_REDIS_TIMEOUT_MS", "500",
      "CONCERT_BUS_TIMEOUT_MS", "5000");
  /** The longest a request may take to answer: the Postgres budget plus its grace, with a margin. */
  private static final long ANSWER_WITHIN_MS = 1000 + 1000 + 1500;
  private static final long PRICE = 30_000;

  @RegisterExtension
  final TestAppExtension apps = new TestAppExtension();
  private TestApp app;
  private PgConnection locker;

  @BeforeEach
  void start() {
    app = apps.start(SHORT_BUDGETS);
    locker = TestApp.await(PgConnection.connect(app.vertx(), PgClients.connectOptions(app.config())));
  }

  @AfterEach
  void stop() {
    if (locker != null) {
      TestApp.await(locker.close());
    }
  }

  @Test
  void aChargeBlockedByALockAnswers503AndIsNeverApplied() {
    ActiveUser user = app.activeUser();
    assertThat(TestApp.await(app.charge(user, 100, null)).statusCode()).isEqualTo(200);

    lock("SELECT balance FROM balances WHERE user_id = $1 FOR UPDATE", user.userId());
    HttpResponse<Buffer> plain = timed(() -> TestApp.await(app.charge(user, 1000, null)));
    HttpResponse<Buffer> keyed = timed(() -> TestApp.await(app.charge(user, 1000, "retry-me")));
    assertUnavailable(plain);
    assertUnavailable(keyed);
    assertNoStatementStillWaiting();
    release();

    assertThat(app.balance(user)).isEqualTo(100);
    // "May be retried": the same key now charges, once.
    for (int i = 0; i < 2; i++) {
      HttpResponse<Buffer> retried = TestApp.await(app.charge(user, 1000, "retry-me"));
      assertThat(retried.statusCode()).as(retried.bodyAsString()).isEqualTo(200);
      assertThat(retried.bodyAsJsonObject().getLong("balance")).isEqualTo(1100);
    }
  }

  @Test
  void aPaymentBlockedByALockAnswers503AndNothingIsPaid() {
    long schedule = newSchedule();
    ActiveUser user = app.activeUser();
    assertThat(TestApp.await(app.charge(user, 100_000, null)).statusCode()).isEqualTo(200);
    String reservation = app.hold(user, schedule, List.of(3, 4));

    lock("SELECT balance FROM balances WHERE user_id = $1 FOR UPDATE", user.userId());
    assertUnavailable(timed(() -> TestApp.await(app.pay(user, reservation, null))));
    assertUnavailable(timed(() -> TestApp.await(app.pay(user, reservation, "pay-key"))));
    assertNoStatementStillWaiting();
    release();

    assertThat(app.balance(user)).isEqualTo(100_000);
    assertThat(reservationStatus(user, reservation)).isEqualTo("HELD");
    assertThat(app.count("SELECT count(*) FROM payments")).isZero();
    assertThat(app.count("SELECT count(*) FROM outbox WHERE event_type = 'PaymentCompleted'")).isZero();
    assertThat(seatValue(schedule, 3)).startsWith("H:" + reservation);
    // Retried with the key, the payment goes through once.
    assertThat(TestApp.await(app.pay(user, reservation, "pay-key")).statusCode()).isEqualTo(201);
    assertThat(app.balance(user)).isEqualTo(100_000 - 2 * PRICE);
  }

  @Test
  void aHoldBlockedByALockAnswers503AndHoldsNothing() {
    long schedule = newSchedule();
    ActiveUser user = app.activeUser();

    // The hold's insert checks its schedule (foreign key), which a FOR UPDATE lock blocks.
    lock("SELECT id FROM schedules WHERE id = $1 FOR UPDATE", schedule);
    assertUnavailable(timed(() -> TestApp.await(app.requestHold(user, schedule, List.of(7, 8)))));
    assertNoStatementStillWaiting();
    release();

    assertThat(app.count("SELECT count(*) FROM reservations")).isZero();
    assertThat(app.count("SELECT count(*) FROM outbox")).isZero();
    assertThat(seatValue(schedule, 7)).isNull();
    assertThat(seatValue(schedule, 8)).isNull();
    assertThat(TestApp.await(app.requestHold(user, schedule, List.of(7, 8))).statusCode()).isEqualTo(201);
  }

  @Test
  void aCancelBlockedByALockAnswers503AndCancelsNothing() {
    long schedule = newSchedule();
    ActiveUser user = app.activeUser();
    String reservation = app.hold(user, schedule, List.of(5));

    lock("SELECT status FROM reservations WHERE id = $1::uuid FOR UPDATE", reservation);
    assertUnavailable(timed(() -> app.callAndWait(HttpMethod.DELETE, "/api/v1/reservations/" + reservation,
        user.token(), null)));
    assertNoStatementStillWaiting();
    release();

    assertThat(reservationStatus(user, reservation)).isEqualTo("HELD");
    assertThat(app.count("SELECT count(*) FROM outbox WHERE event_type = 'ReservationCancelled'")).isZero();
    assertThat(seatValue(schedule, 5)).startsWith("H:" + reservation);
  }

  @Test
  void aRefundBlockedByALockAnswers503AndRefundsNothing() {
    long schedule = newSchedule();
    ActiveUser user = app.activeUser();
    assertThat(TestApp.await(app.charge(user, 100_000, null)).statusCode()).isEqualTo(200);
    String reservation = app.hold(user, schedule, List.of(6));
    assertThat(TestApp.await(app.pay(user, reservation, null)).statusCode()).isEqualTo(201);
    long paidBalance = app.balance(user);

    lock("SELECT balance FROM balances WHERE user_id = $1 FOR UPDATE", user.userId());
    assertUnavailable(timed(() -> TestApp.await(app.refund(user, reservation, null))));
    assertUnavailable(timed(() -> TestApp.await(app.refund(user, reservation, "refund-key"))));
    assertNoStatementStillWaiting();
    release();

    assertThat(app.balance(user)).isEqualTo(paidBalance);
    assertThat(reservationStatus(user, reservation)).isEqualTo("PAID");
    assertThat(app.count("SELECT count(*) FROM outbox WHERE event_type = 'ReservationRefunded'")).isZero();
    assertThat(seatValue(schedule, 6)).startsWith("S:" + reservation);
    // Retried with the key, the refund goes through once.
    assertThat(TestApp.await(app.refund(user, reservation, "refund-key")).statusCode()).isEqualTo(200);
    assertThat(app.balance(user)).isEqualTo(paidBalance + PRICE);
  }

  @Test
  void withRedisStalledAHoldAnswers503AndNothingIsLeftHeld() {
    long schedule = newSchedule();
    ActiveUser user = app.activeUser();

    pauseRedis(1500);
    HttpResponse<Buffer> stalled = timed(() -> TestApp.await(app.requestHold(user, schedule, List.of(1, 2))));
    assertUnavailable(stalled);
    awaitRedisAnswers();

    assertThat(app.count("SELECT count(*) FROM reservations")).isZero();
    assertThat(seatValue(schedule, 1)).isNull();
    assertThat(seatValue(schedule, 2)).isNull();
    assertThat(TestApp.await(app.requestHold(user, schedule, List.of(1, 2))).statusCode()).isEqualTo(201);
  }

  // ---------------------------------------------------------------------------------- helpers

  private void lock(String sql, Object param) {
    TestApp.await(locker.query("BEGIN").execute());
    TestApp.await(locker.preparedQuery(sql).execute(Tuple.of(param)));
  }

  private void release() {
    TestApp.await(locker.query("ROLLBACK").execute());
  }

  /** While the lock is still held: no statement of the service is left waiting for it (it was cancelled). */
  private void assertNoStatementStillWaiting() {
    assertThat(app.count("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        + "WHERE NOT l.granted AND a.datname = current_database()")).isZero();
  }

  private HttpResponse<Buffer> timed(java.util.function.Supplier<HttpResponse<Buffer>> call) {
    long start = System.nanoTime();
    HttpResponse<Buffer> response = call.get();
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(tookMs).as("answered within the budget").isLessThan(ANSWER_WITHIN_MS);
    return response;
  }

  private static void assertUnavailable(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(503);
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("UNAVAILABLE");
  }

  private void pauseRedis(long millis) {
    TestApp.await(app.redis().send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(millis).arg("ALL")));
  }

  /** Polls until Redis answers again (the pause ended); a command queued before this one has run by then. */
  private void awaitRedisAnswers() {
    TestApp.await(app.redis().send(Request.cmd(Command.PING)));
  }

  private long newSchedule() {
    return app.createConcert("Deadlines", 20, PRICE, Duration.ofDays(10), 1)
        .getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
  }

  private String reservationStatus(ActiveUser user, String reservation) {
    return app.callAndWait(HttpMethod.GET, "/api/v1/reservations/" + reservation, user.token(), null)
        .bodyAsJsonObject().getString("status");
  }

  private String seatValue(long schedule, int seat) {
    var value = TestApp.await(app.redis().send(Request.cmd(Command.HGET).arg(SeatKeys.seats(schedule)).arg(seat)));
    return value == null ? null : value.toString();
  }

}
