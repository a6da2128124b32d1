package dev.concert.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.OneAppPerClass;
import dev.concert.support.Shop;
import dev.concert.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Tickets of paid reservations and the check-in at the door. */
class TicketIntegrationTest extends OneAppPerClass {
  private static final long PRICE = 9_000;

  @Test
  void aPaidReservationCarriesOneSignedCodeASeatThatAdmitsOnce() {
    long schedule = shop.schedule(10, PRICE, Duration.ofDays(2));
    Shop.Bought bought = shop.buy(schedule, List.of(3, 4), PRICE);
    HttpResponse<Buffer> read = app.callAndWait(HttpMethod.GET, "/api/v1/reservations/" + bought.reservationId(),
        bought.user().token(), null);
    contract.assertConforms("getReservation", read);
    JsonArray tickets = read.bodyAsJsonObject().getJsonArray("tickets");
    assertThat(tickets).hasSize(2);
    assertThat(tickets.getJsonObject(0).getInteger("seatNumber")).isEqualTo(3);
    String code = tickets.getJsonObject(0).getString("code");
    assertThat(code).isNotEqualTo(tickets.getJsonObject(1).getString("code"));

    HttpResponse<Buffer> admitted = TestApp.await(shop.checkIn(code));
    contract.assertConforms("checkInTicket", admitted);
    assertThat(admitted.statusCode()).as(admitted.bodyAsString()).isEqualTo(200);
    JsonObject entry = admitted.bodyAsJsonObject();
    assertThat(entry.getString("reservationId")).isEqualTo(bought.reservationId());
    assertThat(entry.getLong("scheduleId")).isEqualTo(schedule);
    assertThat(entry.getInteger("seatNumber")).isEqualTo(3);

    HttpResponse<Buffer> again = TestApp.await(shop.checkIn(code));
    contract.assertConforms("checkInTicket", again);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.bodyAsJsonObject().getString("code")).isEqualTo("TICKET_ALREADY_USED");
    assertThat(TestApp.await(shop.checkIn(tickets.getJsonObject(1).getString("code"))).statusCode()).isEqualTo(200);
  }

  @Test
  void forgedAlteredAndUnknownCodesAreRefused() {
    long schedule = shop.schedule(10, PRICE, Duration.ofDays(2));
    Shop.Bought bought = shop.buy(schedule, List.of(1), PRICE);
    String code = shop.reservation(bought.user(), bought.reservationId()).getJsonArray("tickets").getJsonObject(0).getString("code");
    char last = code.charAt(code.length() - 1);
    String altered = code.substring(0, code.length() - 1) + (last == 'A' ? 'B' : 'A');
    TicketCodes otherSecret = new TicketCodes("some-other-secret-0123456789");
    String[] refused = {
        altered,
        "not-a-ticket",
        otherSecret.code(UUID.fromString(bought.reservationId()), 1),
        // genuinely signed, but for a seat the reservation does not have, and for no reservation at all
        new TicketCodes(TestApp.TOKEN_SECRET).code(UUID.fromString(bought.reservationId()), 2),
        new TicketCodes(TestApp.TOKEN_SECRET).code(UUID.randomUUID(), 1)};
    for (String bad : refused) {
      HttpResponse<Buffer> response = TestApp.await(shop.checkIn(bad));
      contract.assertConforms("checkInTicket", response);
      assertThat(response.statusCode()).as(bad).isEqualTo(404);
      assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("NOT_FOUND");
    }
    assertThat(TestApp.await(app.client().post("/api/v1/admin/tickets/check-in")
        .sendJsonObject(new JsonObject().put("code", code))).statusCode()).isEqualTo(401);
    assertThat(TestApp.await(shop.admin(HttpMethod.POST, "/api/v1/admin/tickets/check-in", new JsonObject())).statusCode())
        .isEqualTo(400);
    // None of the refusals used the ticket up.
    assertThat(TestApp.await(shop.checkIn(code)).statusCode()).isEqualTo(200);
  }

  @Test
  void aTicketUsedAtTheDoorIsNeverAlsoRefunded() {
    long schedule = shop.schedule(30, PRICE, Duration.ofDays(2));
    Shop.Bought used = shop.buy(schedule, List.of(1, 2), PRICE);
    String code = shop.reservation(used.user(), used.reservationId()).getJsonArray("tickets").getJsonObject(0).getString("code");
    assertThat(TestApp.await(shop.checkIn(code)).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> refused = TestApp.await(shop.refund(used.user(), used.reservationId(), null));
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("REFUND_WINDOW_CLOSED");
    assertThat(shop.reservation(used.user(), used.reservationId()).getString("status")).isEqualTo("PAID");
    assertThat(shop.balance(used.user())).isEqualTo(1_000);

    // Scans and a refund at once, several times: either the refund wins and no scan admits, or a scan
    // admits and the refund is refused; never both.
    for (int round = 0; round < 5; round++) {
      Shop.Bought bought = shop.buy(schedule, List.of(10 + round), PRICE);
      String ticket = shop.reservation(bought.user(), bought.reservationId()).getJsonArray("tickets").getJsonObject(0)
          .getString("code");
      List<Future<HttpResponse<Buffer>>> scans = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        scans.add(shop.checkIn(ticket));
      }
      Future<HttpResponse<Buffer>> refund = shop.refund(bought.user(), bought.reservationId(), null);
      TestApp.await(Future.join(scans));
      TestApp.await(refund);
      long admitted = scans.stream().filter(s -> s.result().statusCode() == 200).count();
      boolean refunded = refund.result().statusCode() == 200;
      assertThat(refunded ? admitted : 1 - admitted).as("round " + round + ": refund " + refund.result().statusCode()
          + ", admitted " + admitted).isZero();
      assertThat(shop.balance(bought.user())).isEqualTo(refunded ? 1_000 + PRICE : 1_000);
    }
  }

  @Test
  void twentyConcurrentScansOfOneTicketAdmitOnce() {
    long schedule = shop.schedule(10, PRICE, Duration.ofDays(2));
    Shop.Bought bought = shop.buy(schedule, List.of(8), PRICE);
    String code = shop.reservation(bought.user(), bought.reservationId()).getJsonArray("tickets").getJsonObject(0).getString("code");
    List<Future<HttpResponse<Buffer>>> scans = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      scans.add(shop.checkIn(code));
    }
    TestApp.await(Future.join(scans));
    Map<Integer, Integer> statuses = new HashMap<>();
    scans.forEach(s -> statuses.merge(s.result().statusCode(), 1, Integer::sum));
    assertThat(statuses).isEqualTo(Map.of(200, 1, 409, 19));
  }
}
