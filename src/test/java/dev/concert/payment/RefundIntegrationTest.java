package dev.concert.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.config.AppConfig;
import dev.concert.seats.SeatKeys;
import dev.concert.support.ContractResponses;
import dev.concert.support.Shop;
import dev.concert.support.TestApp.ActiveUser;
import dev.concert.support.TestApp;
import dev.concert.support.TestAppExtension;
import dev.concert.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
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

/** Refunds against real Postgres, Redis and the outbox, through HTTP. */
class RefundIntegrationTest {
  private static final long PRICE = 20_000;
  @RegisterExtension final TestAppExtension apps = new TestAppExtension();
  private TestApp app;
  private Shop shop;

  /** Polls the seat map until the seat shows {@code status}, promised within {@code millis}. */
  private void awaitSeat(ActiveUser viewer, long schedule, int seat, String status, long millis) {
    Wait.within(Duration.ofMillis(millis), System.nanoTime(), () -> status.equals(shop.seatStatus(viewer, schedule, seat)),
        "seat " + seat + " to be " + status);
  }

  @Test
  void aRefundCreditsFreesTheSeatsVoidsTheTicketsAndIsPublishedOnce() {
    app = apps.start();
    shop = new Shop(app);
    ContractResponses contract = ContractResponses.load(app.vertx());
    long schedule = shop.schedule(20, PRICE, Duration.ofDays(3));
    Shop.Bought bought = shop.buy(schedule, List.of(5, 6), PRICE);
    ActiveUser buyer = bought.user();
    String code = shop.reservation(buyer, bought.reservationId()).getJsonArray("tickets").getJsonObject(0).getString("code");
    assertThat(shop.balance(buyer)).isEqualTo(1_000);
    ActiveUser viewer = app.activeUser();
    assertThat(shop.seatStatus(viewer, schedule, 5)).isEqualTo("SOLD");

    HttpResponse<Buffer> refunded = TestApp.await(shop.refund(buyer, bought.reservationId(), "refund-1"));
    contract.assertConforms("refundReservation", refunded);
    assertThat(refunded.statusCode()).as(refunded.bodyAsString()).isEqualTo(200);
    JsonObject body = refunded.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("REFUNDED");
    assertThat(body.containsKey("tickets")).isFalse();
    assertThat(shop.balance(buyer)).isEqualTo(1_000 + 2 * PRICE);
    awaitSeat(viewer, schedule, 5, "AVAILABLE", 2_000);
    awaitSeat(viewer, schedule, 6, "AVAILABLE", 2_000);

    // A replay with the key answers the same and credits nothing more.
    HttpResponse<Buffer> replay = TestApp.await(shop.refund(buyer, bought.reservationId(), "refund-1"));
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(replay.bodyAsJsonObject()).isEqualTo(body);
    assertThat(shop.balance(buyer)).isEqualTo(1_000 + 2 * PRICE);
    // Without it, the second refund is refused.
    HttpResponse<Buffer> again = TestApp.await(shop.refund(buyer, bought.reservationId(), null));
    contract.assertConforms("refundReservation", again);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.bodyAsJsonObject().getString("code")).isEqualTo("RESERVATION_NOT_PAID");

    JsonObject read = shop.reservation(buyer, bought.reservationId());
    assertThat(read.getString("status")).isEqualTo("REFUNDED");
    assertThat(read.containsKey("tickets")).isFalse();
    HttpResponse<Buffer> door = TestApp.await(shop.checkIn(code));
    assertThat(door.statusCode()).isEqualTo(404);

    UUID id = UUID.fromString(bought.reservationId());
    assertThat(app.count("SELECT count(*) FROM ledger_entries WHERE type = 'REFUND' AND reference = $1", bought.reservationId())).isEqualTo(1);
    assertThat(app.count("SELECT count(*) FROM reservation_seats WHERE reservation_id = $1 AND status = 'REFUNDED'", id)).isEqualTo(2);
    assertThat(app.count("SELECT count(*) FROM tickets WHERE reservation_id = $1 AND status = 'VOID'", id)).isEqualTo(2);
    Row event = TestApp.await(app.pool().preparedQuery(
        "SELECT topic, payload FROM outbox WHERE event_key = $1 AND event_type = 'ReservationRefunded'")
        .execute(Tuple.of(bought.reservationId()))).iterator().next();
    assertThat(event.getString("topic")).isEqualTo(app.config().paymentTopic());
    assertThat(((JsonObject) event.getValue("payload")).getLong("amount")).isEqualTo(2 * PRICE);
    assertThat(app.count("SELECT count(*) FROM outbox WHERE event_key = $1 AND event_type = 'ReservationRefunded'",
        bought.reservationId())).isEqualTo(1);

    // The seats are on sale again: another user holds and buys them.
    Shop.Bought resold = shop.buy(schedule, List.of(5, 6), PRICE);
    assertThat(resold.reservationId()).isNotEqualTo(bought.reservationId());
    assertThat(shop.seatStatus(viewer, schedule, 5)).isEqualTo("SOLD");
  }

  @Test
  void thirtyConcurrentRefundsRefundOnceAndCreditOnce() {
    app = apps.start();
    shop = new Shop(app);
    long schedule = shop.schedule(20, PRICE, Duration.ofDays(3));
    Shop.Bought bought = shop.buy(schedule, List.of(1, 2, 3), PRICE);
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      calls.add(shop.refund(bought.user(), bought.reservationId(), null));
    }
    // The same key sent at once by a second device: one refund, every answer the same.
    List<Future<HttpResponse<Buffer>>> keyed = new ArrayList<>();
    Shop.Bought other = shop.buy(schedule, List.of(10), PRICE);
    for (int i = 0; i < 10; i++) {
      keyed.add(shop.refund(other.user(), other.reservationId(), "same-key"));
    }
    TestApp.await(Future.join(calls));
    TestApp.await(Future.join(keyed));
    Map<Integer, Integer> statuses = new HashMap<>();
    calls.forEach(c -> statuses.merge(c.result().statusCode(), 1, Integer::sum));
    assertThat(statuses).isEqualTo(Map.of(200, 1, 409, 29));
    assertThat(calls).filteredOn(c -> c.result().statusCode() == 409)
        .allMatch(c -> "RESERVATION_NOT_PAID".equals(c.result().bodyAsJsonObject().getString("code")));
    assertThat(shop.balance(bought.user())).isEqualTo(1_000 + 3 * PRICE);
    assertThat(app.count("SELECT count(*) FROM ledger_entries WHERE type = 'REFUND' AND user_id = $1", bought.user().userId()))
        .isEqualTo(1);
    assertThat(app.count("SELECT count(*) FROM outbox WHERE event_type = 'ReservationRefunded' AND event_key = $1",
        bought.reservationId())).isEqualTo(1);

    Set<JsonObject> bodies = new HashSet<>();
    keyed.forEach(c -> {
      assertThat(c.result().statusCode()).as(c.result().bodyAsString()).isEqualTo(200);
      bodies.add(c.result().bodyAsJsonObject());
    });
    assertThat(bodies).hasSize(1);
    assertThat(shop.balance(other.user())).isEqualTo(1_000 + PRICE);
  }

  /** Two instances on the same Postgres and Redis: refunds and door scans sent to both at once. */
  @Test
  void refundsAndCheckInsAreExactAcrossInstances() {
    app = apps.start();
    shop = new Shop(app);
    try (TestApp second = TestApp.resume(AppConfig.from(TestApp.environment(Map.of())))) {
      Shop other = new Shop(second);
      long schedule = shop.schedule(20, PRICE, Duration.ofDays(3));
      Shop.Bought refunded = shop.buy(schedule, List.of(1, 2), PRICE);
      Shop.Bought scanned = shop.buy(schedule, List.of(3), PRICE);
      String code = shop.reservation(scanned.user(), scanned.reservationId()).getJsonArray("tickets").getJsonObject(0)
          .getString("code");
      List<Future<HttpResponse<Buffer>>> refunds = new ArrayList<>();
      List<Future<HttpResponse<Buffer>>> scans = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        refunds.add((i % 2 == 0 ? shop : other).refund(refunded.user(), refunded.reservationId(), null));
        scans.add((i % 2 == 0 ? shop : other).checkIn(code));
      }
      TestApp.await(Future.join(refunds));
      TestApp.await(Future.join(scans));
      assertThat(refunds.stream().filter(r -> r.result().statusCode() == 200).count()).isEqualTo(1);
      assertThat(refunds.stream().filter(r -> r.result().statusCode() == 409).count()).isEqualTo(9);
      assertThat(scans.stream().filter(r -> r.result().statusCode() == 200).count()).isEqualTo(1);
      assertThat(scans.stream().filter(r -> r.result().statusCode() == 409).count()).isEqualTo(9);
      assertThat(shop.balance(refunded.user())).isEqualTo(1_000 + 2 * PRICE);
      assertThat(app.count("SELECT count(*) FROM ledger_entries WHERE type = 'REFUND'")).isEqualTo(1);
    }
  }

  @Test
  void refundsCloseAtTheCutoffAndOnlyPaidReservationsOfTheOwnerAreRefunded() {
    app = apps.start(Map.of("CONCERT_REFUND_CUTOFF_HOURS", "12"));
    shop = new Shop(app);
    long soon = shop.schedule(10, PRICE, Duration.ofHours(11));
    long later = shop.schedule(10, PRICE, Duration.ofHours(13));
    Shop.Bought tooLate = shop.buy(soon, List.of(1), PRICE);
    HttpResponse<Buffer> closed = TestApp.await(shop.refund(tooLate.user(), tooLate.reservationId(), null));
    assertThat(closed.statusCode()).isEqualTo(409);
    assertThat(closed.bodyAsJsonObject().getString("code")).isEqualTo("REFUND_WINDOW_CLOSED");
    assertThat(shop.reservation(tooLate.user(), tooLate.reservationId()).getString("status")).isEqualTo("PAID");
    assertThat(shop.balance(tooLate.user())).isEqualTo(1_000);

    Shop.Bought inTime = shop.buy(later, List.of(1), PRICE);
    assertThat(TestApp.await(shop.refund(inTime.user(), inTime.reservationId(), null)).statusCode()).isEqualTo(200);

    ActiveUser holder = app.activeUser();
    String held = shop.hold(holder, later, List.of(2));
    HttpResponse<Buffer> notPaid = TestApp.await(shop.refund(holder, held, null));
    assertThat(notPaid.statusCode()).isEqualTo(409);
    assertThat(notPaid.bodyAsJsonObject().getString("code")).isEqualTo("RESERVATION_NOT_PAID");
    HttpResponse<Buffer> someoneElses = TestApp.await(shop.refund(holder, inTime.reservationId(), null));
    assertThat(someoneElses.statusCode()).isEqualTo(404);
    assertThat(TestApp.await(shop.refund(holder, UUID.randomUUID().toString(), null)).statusCode()).isEqualTo(404);
    HttpResponse<Buffer> malformed = TestApp.await(shop.refund(holder, "not-a-uuid", null));
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(TestApp.await(app.client().post("/api/v1/reservations/" + held + "/refund").send()).statusCode()).isEqualTo(401);
  }

  @Test
  void aReleaseLostInRedisIsMadeGoodWithinTwoSeconds() {
    app = apps.start();
    shop = new Shop(app);
    long schedule = shop.schedule(10, PRICE, Duration.ofDays(3));
    Shop.Bought bought = shop.buy(schedule, List.of(7), PRICE);
    ActiveUser viewer = app.activeUser();
    assertThat(TestApp.await(shop.refund(bought.user(), bought.reservationId(), null)).statusCode()).isEqualTo(200);
    // As if the release had failed, or a late "sell" had overtaken it: Redis says sold again.
    TestApp.await(app.redis().send(Request.cmd(Command.HSET).arg(SeatKeys.seats(schedule)).arg("7")
        .arg("S:" + bought.reservationId())));
    awaitSeat(viewer, schedule, 7, "AVAILABLE", 2_000);
    TestApp.awaitCondition(() -> app.count("SELECT count(*) FROM seat_returns") == 0, "the seat return to be done");
  }
}
