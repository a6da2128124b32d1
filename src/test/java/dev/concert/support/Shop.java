package dev.concert.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.TestApp.ActiveUser;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Buying through the HTTP API, for the after-sale tests. */
public final class Shop {
  private final TestApp app;

  public Shop(TestApp app) {
    this.app = app;
  }

  /** A new concert with one date of {@code seats} seats starting {@code startsIn} from now; its schedule id. */
  public long schedule(int seats, long price, Duration startsIn) {
    return app.createConcert("After the sale", seats, price, startsIn, 1)
        .getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
  }

  public void charge(ActiveUser user, long amount) {
    HttpResponse<Buffer> charged = TestApp.await(app.charge(user, amount, null));
    assertThat(charged.statusCode()).as(charged.bodyAsString()).isEqualTo(200);
  }

  public String hold(ActiveUser user, long schedule, List<Integer> seats) {
    return app.hold(user, schedule, seats);
  }

  public void pay(ActiveUser user, String reservationId) {
    HttpResponse<Buffer> paid = TestApp.await(app.pay(user, reservationId, null));
    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
  }

  /** A new user with enough balance who has bought {@code seats} of {@code schedule}; the reservation id. */
  public Bought buy(long schedule, List<Integer> seats, long price) {
    ActiveUser user = app.activeUser();
    charge(user, price * seats.size() + 1_000);
    String reservation = hold(user, schedule, seats);
    pay(user, reservation);
    return new Bought(user, reservation);
  }

  public record Bought(ActiveUser user, String reservationId) {}

  public Future<HttpResponse<Buffer>> refund(ActiveUser user, String reservationId, String key) {
    return app.refund(user, reservationId, key);
  }

  public JsonObject reservation(ActiveUser user, String reservationId) {
    HttpResponse<Buffer> found = app.callAndWait(HttpMethod.GET, "/api/v1/reservations/" + reservationId, user.token(), null);
    assertThat(found.statusCode()).as(found.bodyAsString()).isEqualTo(200);
    return found.bodyAsJsonObject();
  }

  public long balance(ActiveUser user) {
    return app.balance(user);
  }

  /** An admin call. */
  public Future<HttpResponse<Buffer>> admin(HttpMethod method, String path, JsonObject body) {
    HttpRequest<Buffer> request = app.client().request(method, path).putHeader("Admin-Key", TestApp.ADMIN_KEY).timeout(30_000);
    return body == null ? request.send() : request.sendJsonObject(body);
  }

  public Future<HttpResponse<Buffer>> checkIn(String code) {
    return admin(HttpMethod.POST, "/api/v1/admin/tickets/check-in", new JsonObject().put("code", code));
  }

  /** The seat's status on the seat map, seen by {@code viewer} (an ACTIVE user). */
  public String seatStatus(ActiveUser viewer, long schedule, int seat) {
    JsonArray seats = app.callAndWait(HttpMethod.GET, "/api/v1/schedules/" + schedule + "/seats", viewer.token(), null)
        .bodyAsJsonObject().getJsonArray("items");
    return seats.getJsonObject(seat - 1).getString("status");
  }
}
