package dev.concert.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.seats.SeatKeys;
import dev.concert.support.ContractResponses;
import dev.concert.support.Shop;
import dev.concert.support.TestApp;
import dev.concert.support.TestAppExtension;
import dev.concert.support.TestApp.ActiveUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The audit reconciles Postgres and Redis and finds what was planted behind the service's back. */
class AuditIntegrationTest {
  private static final long PRICE = 4_000;
  @RegisterExtension final TestAppExtension apps = new TestAppExtension();
  private TestApp app;

  private JsonObject audit(Shop shop, ContractResponses contract) {
    HttpResponse<Buffer> response = TestApp.await(shop.admin(HttpMethod.GET, "/api/v1/admin/audit", null));
    contract.assertConforms("runAudit", response);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static long count(JsonObject report, String check) {
    return report.getJsonObject("checks").getJsonObject(check).getLong("count");
  }

  /** Runs SQL with the ledger's and other triggers off, as a bug or a hand edit would. */
  private void plant(String sql, Object... params) {
    TestApp.await(app.pool().withTransaction(c -> c.query("SET LOCAL session_replication_role = replica").execute()
        .compose(off -> c.preparedQuery(sql).execute(Tuple.from(params)))));
  }

  @Test
  void aCleanSaleHasNoDiscrepancyAndPlantedOnesAreFound() {
    app = apps.start();
    Shop shop = new Shop(app);
    ContractResponses contract = ContractResponses.load(app.vertx());
    long schedule = shop.schedule(30, PRICE, Duration.ofDays(3));
    Shop.Bought one = shop.buy(schedule, List.of(1, 2), PRICE);
    Shop.Bought two = shop.buy(schedule, List.of(3), PRICE);
    Shop.Bought three = shop.buy(schedule, List.of(4), PRICE);
    Shop.Bought refunded = shop.buy(schedule, List.of(5), PRICE);
    assertThat(TestApp.await(shop.refund(refunded.user(), refunded.reservationId(), null)).statusCode()).isEqualTo(200);
    ActiveUser holder = app.activeUser();
    shop.hold(holder, schedule, List.of(6));
    TestApp.awaitCondition(() -> TestApp.await(app.pool().query("SELECT count(*) FROM seat_returns").execute())
        .iterator().next().getLong(0) == 0, "the refunded seat's return");

    JsonObject clean = audit(shop, contract);
    assertThat(clean.getLong("discrepancies")).as(clean.encodePrettily()).isZero();

    // One of each: a ticket gone, a balance off its ledger, an event missing, a payment of the wrong
    // amount, a seat sold again without a payment, and Redis forgetting a sold seat.
    plant("DELETE FROM tickets WHERE reservation_id = $1 AND seat_number = 2", UUID.fromString(one.reservationId()));
    plant("UPDATE balances SET balance = balance + 5 WHERE user_id = $1", two.user().userId());
    plant("DELETE FROM outbox WHERE event_key = $1 AND event_type = 'PaymentCompleted'", two.reservationId());
    plant("UPDATE payments SET amount = amount - 1 WHERE reservation_id = $1", UUID.fromString(three.reservationId()));
    UUID intruder = UUID.randomUUID();
    plant("INSERT INTO reservations (id, user_id, schedule_id, seat_numbers, amount, status, held_until) "
        + "VALUES ($1, $2, $3, '{4}', $4, 'PAID', now())", intruder, UUID.randomUUID(), schedule, PRICE);
    plant("INSERT INTO reservation_seats (reservation_id, schedule_id, seat_number, status) VALUES ($1, $2, 4, 'CANCELLED')",
        intruder, schedule);
    TestApp.await(app.redis().send(Request.cmd(Command.HDEL).arg(SeatKeys.seats(schedule)).arg("3")));

    JsonObject found = audit(shop, contract);
    assertThat(count(found, "paidWithoutTickets")).as(found.encodePrettily()).isEqualTo(2); // the deleted ticket, the intruder's none
    assertThat(count(found, "balancesOffLedger")).isEqualTo(1);
    assertThat(count(found, "changesWithoutEvent")).isEqualTo(3); // the deleted event, the intruder's two
    assertThat(count(found, "soldWithoutRightPayment")).isEqualTo(2); // the wrong amount, the intruder's none
    assertThat(count(found, "seatsInTwoLiveReservations")).isEqualTo(1);
    assertThat(count(found, "redisSeatsOutOfStep")).isEqualTo(1);
    assertThat(found.getJsonObject("checks").getJsonObject("balancesOffLedger").getJsonArray("examples").getString(0))
        .contains(two.user().userId().toString());
    assertThat(found.getJsonObject("checks").getJsonObject("redisSeatsOutOfStep").getJsonArray("examples").getString(0))
        .contains("seat 3");
    assertThat(found.getLong("discrepancies")).isEqualTo(10);

    String metrics = app.operatorGet("/metrics").bodyAsString();
    assertThat(metrics).contains("concert_audit_discrepancies{check=\"balancesOffLedger\"} 1.0");
    assertThat(TestApp.await(app.client().get("/api/v1/admin/audit").send()).statusCode()).isEqualTo(401);
  }
}
