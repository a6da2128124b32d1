package dev.concert.cancellation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.config.AppConfig;
import dev.concert.infra.PgClients;
import dev.concert.seats.SeatKeys;
import dev.concert.support.ContractResponses;
import dev.concert.support.KafkaTopics;
import dev.concert.support.Shop;
import dev.concert.support.TestApp;
import dev.concert.support.TestApp.ActiveUser;
import dev.concert.support.TestAppExtension;
import dev.concert.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cancelling a date against the real Postgres, Redis and Kafka: every paid reservation refunded exactly once. */
class CancellationIntegrationTest {
  private static final long PRICE = 7_000;
  @RegisterExtension final TestAppExtension apps = new TestAppExtension();
  private final String reservationTopic = KafkaTopics.unique("it-cancel-reservation-events");
  private final String paymentTopic = KafkaTopics.unique("it-cancel-payment-events");

  private TestApp start() {
    return apps.start(Map.of("CONCERT_TOPIC_RESERVATIONS", reservationTopic, "CONCERT_TOPIC_PAYMENTS", paymentTopic));
  }

  private static HttpResponse<Buffer> cancel(Shop shop, long schedule) {
    return TestApp.await(shop.admin(HttpMethod.POST, "/api/v1/admin/schedules/" + schedule + "/cancel", null));
  }

  private static HttpResponse<Buffer> progress(Shop shop, long schedule) {
    return TestApp.await(shop.admin(HttpMethod.GET, "/api/v1/admin/schedules/" + schedule, null));
  }

  private static void awaitCancelled(Shop shop, long schedule) {
    Wait.until(() -> "CANCELLED".equals(progress(shop, schedule).bodyAsJsonObject().getString("status")),
        () -> "schedule " + schedule + " to be CANCELLED: " + progress(shop, schedule).bodyAsString());
  }

  private static void assertRefused(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo(code);
  }

  /** Each refund of the date exactly once: in the reservations, the ledger, the outbox and the cancellation's rows. */
  private static void assertRefundedOnce(TestApp app, List<Shop.Bought> bought, long schedule) {
    for (Shop.Bought one : bought) {
      UUID id = UUID.fromString(one.reservationId());
      assertThat(app.count("SELECT count(*) FROM reservations WHERE id = $1 AND status = 'REFUNDED'", id)).isEqualTo(1);
      assertThat(app.count("SELECT count(*) FROM ledger_entries WHERE reference = $1 AND type = 'REFUND'", id.toString()))
          .as("refund ledger entries of " + id).isEqualTo(1);
      assertThat(app.count("SELECT count(*) FROM outbox WHERE event_key = $1 AND event_type = 'ReservationRefunded'",
          id.toString())).as("ReservationRefunded events of " + id).isEqualTo(1);
      assertThat(app.count("SELECT count(*) FROM cancellation_refunds WHERE reservation_id = $1", id)).isEqualTo(1);
    }
    assertThat(app.count("SELECT count(*) FROM cancellation_refunds WHERE schedule_id = $1", schedule)).isEqualTo(bought.size());
    assertThat(app.count("SELECT count(*) FROM reservations WHERE schedule_id = $1 AND status IN ('HELD', 'PAID')", schedule))
        .isZero();
  }

  @Test
  void cancellingADateEndsItsHoldsRefundsEveryPaidReservationOnceAndRefusesNewHoldsAndPayments() {
    TestApp app = start();
    Shop shop = new Shop(app);
    ContractResponses contract = ContractResponses.load(app.vertx());
    // Two dates three hours away: past the 24 h refund cutoff, which a cancellation ignores.
    JsonObject concert = app.createConcert("Cancelled tour", 30, PRICE, Duration.ofHours(3), 2);
    long concertId = concert.getLong("concertId");
    long cancelled = concert.getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
    long kept = concert.getJsonArray("schedules").getJsonObject(1).getLong("scheduleId");
    List<Shop.Bought> bought = List.of(shop.buy(cancelled, List.of(1, 2), PRICE), shop.buy(cancelled, List.of(3), PRICE),
        shop.buy(cancelled, List.of(4, 5, 6), PRICE));
    Shop.Bought other = shop.buy(kept, List.of(1), PRICE);
    String code = shop.reservation(bought.get(0).user(), bought.get(0).reservationId()).getJsonArray("tickets")
        .getJsonObject(0).getString("code");
    assertRefused(TestApp.await(shop.refund(bought.get(1).user(), bought.get(1).reservationId(), null)), 409,
        "REFUND_WINDOW_CLOSED");
    ActiveUser holder = app.activeUser();
    shop.charge(holder, PRICE);
    String hold = shop.hold(holder, cancelled, List.of(10));

    HttpResponse<Buffer> accepted = cancel(shop, cancelled);
    contract.assertConforms("cancelSchedule", accepted);
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    assertThat(accepted.bodyAsJsonObject().getLong("scheduleId")).isEqualTo(cancelled);
    // New holds are refused at once (the Redis marker), and so is paying the hold that was live.
    ActiveUser late = app.activeUser();
    HttpResponse<Buffer> refusedHold = TestApp.await(app.requestHold(late, cancelled, List.of(20)));
    contract.assertConforms("holdSeats", refusedHold);
    assertRefused(refusedHold, 409, "SCHEDULE_CANCELLED");
    HttpResponse<Buffer> refusedPayment = TestApp.await(app.pay(holder, hold, null));
    contract.assertConforms("pay", refusedPayment);
    assertRefused(refusedPayment, 409, "SCHEDULE_CANCELLED");

    awaitCancelled(shop, cancelled);
    HttpResponse<Buffer> done = progress(shop, cancelled);
    contract.assertConforms("getScheduleCancellation", done);
    assertThat(done.bodyAsJsonObject()).isEqualTo(new JsonObject().put("scheduleId", cancelled).put("status", "CANCELLED")
        .put("refundsDone", 3).put("refundsTotal", 3));
    assertRefundedOnce(app, bought, cancelled);
    for (Shop.Bought one : bought) {
      int seats = shop.reservation(one.user(), one.reservationId()).getJsonArray("seatNumbers").size();
      assertThat(shop.balance(one.user())).as("balance back").isEqualTo(PRICE * seats + 1_000);
      assertThat(shop.reservation(one.user(), one.reservationId()).getString("status")).isEqualTo("REFUNDED");
    }
    assertThat(shop.reservation(holder, hold).getString("status")).isEqualTo("CANCELLED");
    assertThat(shop.balance(holder)).isEqualTo(PRICE);
    assertRefused(TestApp.await(shop.checkIn(code)), 404, "NOT_FOUND");
    // Every seat of the date is free in Redis again (sold seats given back, the hold released).
    Wait.until(() -> TestApp.await(app.redis().send(Request.cmd(Command.HLEN).arg(SeatKeys.seats(cancelled)))).toInteger() == 0,
        "the cancelled date's seats to be free in Redis");

    // The date leaves its concert's list; the other date and its sale stay.
    JsonArray listed = app.callAndWait(HttpMethod.GET, "/api/v1/concerts/" + concertId + "/schedules", late.token(), null)
        .bodyAsJsonObject().getJsonArray("items");
    assertThat(listed.stream().map(s -> ((JsonObject) s).getLong("scheduleId")).toList()).containsExactly(kept);
    assertThat(shop.reservation(other.user(), other.reservationId()).getString("status")).isEqualTo("PAID");
    assertThat(progress(shop, kept).bodyAsJsonObject().getString("status")).isEqualTo("ON_SALE");

    // Without the Redis marker, Postgres still refuses the hold (and the seat is not left held).
    TestApp.await(app.redis().send(Request.cmd(Command.DEL).arg(SeatKeys.cancelled(cancelled))));
    assertRefused(TestApp.await(app.requestHold(late, cancelled, List.of(21))), 409, "SCHEDULE_CANCELLED");
    assertThat(TestApp.await(app.redis().send(Request.cmd(Command.HEXISTS).arg(SeatKeys.seats(cancelled)).arg("21")))
        .toInteger()).isZero();
    assertThat(app.count("SELECT count(*) FROM reservations WHERE schedule_id = $1 AND user_id = $2", cancelled, late.userId()))
        .isZero();

    // Cancelling again: 202, nothing more done; one trail entry.
    HttpResponse<Buffer> again = cancel(shop, cancelled);
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(again.bodyAsJsonObject().getString("status")).isEqualTo("CANCELLED");
    assertThat(app.count("SELECT count(*) FROM operator_actions WHERE action = 'schedule.cancel' AND target = $1",
        "schedule:" + cancelled)).isEqualTo(1);
    assertRefundedOnce(app, bought, cancelled);
    // Unknown dates, missing keys, malformed ids.
    assertRefused(cancel(shop, 987_654_321L), 404, "NOT_FOUND");
    assertRefused(progress(shop, 987_654_321L), 404, "NOT_FOUND");
    HttpResponse<Buffer> anonymous = TestApp.await(app.client().post("/api/v1/admin/schedules/" + kept + "/cancel").send());
    contract.assertConforms("cancelSchedule", anonymous);
    assertRefused(anonymous, 401, "ADMIN_KEY_INVALID");
    assertRefused(TestApp.await(shop.admin(HttpMethod.POST, "/api/v1/admin/schedules/x/cancel", null)), 400, "VALIDATION_FAILED");
    assertThat(progress(shop, kept).bodyAsJsonObject().getString("status")).isEqualTo("ON_SALE");

    // On Kafka: one ReservationRefunded per paid reservation, the hold's ReservationCancelled.
    List<ConsumerRecord<String, String>> payments = KafkaTopics.readAll(app.config().kafkaBootstrap(), paymentTopic, 4 + 3);
    for (Shop.Bought one : bought) {
      assertThat(payments.stream().filter(r -> r.key().equals(one.reservationId())
          && new JsonObject(r.value()).getString("type").equals("ReservationRefunded")).count()).isEqualTo(1);
    }
    List<ConsumerRecord<String, String>> reservations = KafkaTopics.readAll(app.config().kafkaBootstrap(), reservationTopic, 5);
    assertThat(reservations.stream().filter(r -> r.key().equals(hold)
        && new JsonObject(r.value()).getString("type").equals("ReservationCancelled")).count()).isEqualTo(1);
  }

  /**
   * Payments of 150 holds race the cancel: each one either commits and is then refunded exactly
   * once, or is refused with SCHEDULE_CANCELLED; nobody is left charged, nothing left paid.
   */
  @Test
  void paymentsRacingTheCancelAreEachRefundedOnceOrRefused() {
    TestApp app = start();
    Shop shop = new Shop(app);
    int buyers = 150;
    long schedule = shop.schedule(buyers, PRICE, Duration.ofDays(2));
    List<ActiveUser> users = app.activeUsers(buyers);
    List<String> holds = new ArrayList<>();
    for (int i = 0; i < buyers; i++) {
      shop.charge(users.get(i), PRICE);
      holds.add(shop.hold(users.get(i), schedule, List.of(i + 1)));
    }
    List<Future<HttpResponse<Buffer>>> payments = new ArrayList<>();
    for (int i = 0; i < buyers; i++) {
      payments.add(app.pay(users.get(i), holds.get(i), null));
      if (i == buyers / 2) {
        payments.add(shop.admin(HttpMethod.POST, "/api/v1/admin/schedules/" + schedule + "/cancel", null));
      }
    }
    TestApp.await(Future.join(payments).otherwiseEmpty());
    awaitCancelled(shop, schedule);
    int paid = 0;
    for (int i = 0; i < buyers; i++) {
      HttpResponse<Buffer> answer = payments.get(i <= buyers / 2 ? i : i + 1).result();
      UUID id = UUID.fromString(holds.get(i));
      long refunds = app.count("SELECT count(*) FROM ledger_entries WHERE reference = $1 AND type = 'REFUND'", id.toString());
      if (answer.statusCode() == 201) {
        paid++;
        assertThat(refunds).as("refunds of paid " + id).isEqualTo(1);
        assertThat(shop.reservation(users.get(i), holds.get(i)).getString("status")).isEqualTo("REFUNDED");
      } else {
        assertRefused(answer, 409, "SCHEDULE_CANCELLED");
        assertThat(refunds).isZero();
        assertThat(shop.reservation(users.get(i), holds.get(i)).getString("status")).isEqualTo("CANCELLED");
      }
      assertThat(shop.balance(users.get(i))).as("balance of buyer " + i).isEqualTo(PRICE);
    }
    assertThat(payments.get(buyers / 2 + 1).result().statusCode()).isEqualTo(202);
    assertThat(app.count("SELECT count(*) FROM cancellation_refunds WHERE schedule_id = $1", schedule)).isEqualTo(paid);
    assertThat(app.count("SELECT count(*) FROM reservations WHERE schedule_id = $1 AND status IN ('HELD', 'PAID')", schedule))
        .isZero();
  }

  /** Several instances' jobs on one date at once (the app's own besides): each reservation refunded exactly once. */
  @Test
  void jobsRunningAtOnceRefundEachReservationExactlyOnce() {
    TestApp app = start();
    Shop shop = new Shop(app);
    int buyers = 120;
    long schedule = shop.schedule(buyers, PRICE, Duration.ofDays(2));
    List<Shop.Bought> bought = new ArrayList<>();
    for (int seat = 1; seat <= buyers; seat++) {
      bought.add(shop.buy(schedule, List.of(seat), PRICE));
    }
    List<CancellationJob> jobs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      jobs.add(CancellationJobVerticle.job(app.vertx(), app.config(), 3));
    }
    assertThat(cancel(shop, schedule).statusCode()).isEqualTo(202);
    List<Future<Void>> rounds = new ArrayList<>();
    for (CancellationJob job : jobs) {
      rounds.add(job.round());
      rounds.add(job.round());
    }
    TestApp.await(Future.all(rounds));
    awaitCancelled(shop, schedule);
    assertRefundedOnce(app, bought, schedule);
    for (Shop.Bought one : bought) {
      assertThat(shop.balance(one.user())).isEqualTo(PRICE + 1_000);
    }
    assertThat(app.count("SELECT count(*) FROM ledger_entries WHERE type = 'REFUND'")).isEqualTo(buyers);
  }

  /**
   * An instance stops half-way (after some refunds, none of them undone) and another starts: the
   * date's cancellation resumes from Postgres, nothing refunded twice, nothing forgotten.
   */
  @Test
  void aCancellationStoppedHalfWayResumesOnTheNextInstance() {
    TestApp first = start();
    Shop shop = new Shop(first);
    long schedule = shop.schedule(20, PRICE, Duration.ofDays(2));
    List<Shop.Bought> bought = new ArrayList<>();
    for (int seat = 1; seat <= 6; seat++) {
      bought.add(shop.buy(schedule, List.of(seat), PRICE));
    }
    Map<String, Long> balances = new HashMap<>();
    bought.forEach(one -> balances.put(one.reservationId(), shop.balance(one.user())));
    AppConfig config = first.config();
    first.close();

    // The half that ran: the status flipped as the cancel does, then two steps of one refund each.
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = PgClients.pool(vertx, config);
      TestApp.await(pool.withTransaction(tx -> Cancellations.start(tx, schedule)));
      CancellationJob job = CancellationJobVerticle.job(vertx, config, 1);
      assertThat(TestApp.await(job.step(schedule))).isTrue();
      assertThat(TestApp.await(job.step(schedule))).isTrue();
      CancellationProgress half = TestApp.await(Cancellations.progress(pool, schedule));
      assertThat(half.status()).isEqualTo("CANCELLING");
      assertThat(half.refundsDone()).isEqualTo(2);
      assertThat(half.refundsTotal()).isEqualTo(6);
    } finally {
      TestApp.await(vertx.close());
    }

    TestApp second = apps.resume(config);
    Shop resumed = new Shop(second);
    awaitCancelled(resumed, schedule);
    assertThat(progress(resumed, schedule).bodyAsJsonObject().getLong("refundsDone")).isEqualTo(6);
    assertRefundedOnce(second, bought, schedule);
    for (Shop.Bought one : bought) {
      assertThat(resumed.balance(one.user())).isEqualTo(balances.get(one.reservationId()) + PRICE);
    }
  }
}
