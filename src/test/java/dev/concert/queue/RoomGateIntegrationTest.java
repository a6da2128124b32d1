package dev.concert.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.EventStreamClient;
import dev.concert.support.TestApp;
import dev.concert.support.TestAppExtension;
import dev.concert.support.TestApp.ActiveUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A concert created with an opening, rate or cap of its own is sold through its own room only,
 * over HTTP against a real server; and paying ends the token that paid, not another of the user's.
 */
class RoomGateIntegrationTest {
  @RegisterExtension
  final TestAppExtension apps = new TestAppExtension();
  private TestApp app;

  /** The user's token in {@code concertId}'s room, once ACTIVE. */
  private ActiveUser roomToken(UUID userId, long concertId) {
    HttpResponse<Buffer> issued = app.callAndWait(HttpMethod.POST, "/api/v1/queue/tokens", null,
        new JsonObject().put("userId", userId.toString()).put("concertId", concertId));
    assertThat(issued.statusCode()).as(issued.bodyAsString()).isIn(200, 201);
    ActiveUser user = new ActiveUser(userId, issued.bodyAsJsonObject().getString("token"));
    TestApp.awaitCondition(() -> "ACTIVE".equals(app.status(user)), "the room token to be admitted");
    return user;
  }

  /** A service-wide ACTIVE token of {@code userId}. */
  private ActiveUser serviceWideToken(UUID userId) {
    String token = app.issueToken(userId).getString("token");
    ActiveUser user = new ActiveUser(userId, token);
    TestApp.awaitCondition(() -> "ACTIVE".equals(app.status(user)), "the service-wide token to be admitted");
    return user;
  }

  private static long scheduleOf(JsonObject concert) {
    return concert.getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
  }

  private static void assertRefused(HttpResponse<Buffer> response, String what) {
    assertThat(response.statusCode()).as(what + ": " + response.bodyAsString()).isEqualTo(403);
    assertThat(response.bodyAsJsonObject().getString("code")).as(what).isEqualTo("QUEUE_NOT_ACTIVE");
  }

  private HttpResponse<Buffer> schedules(ActiveUser user, long concertId) {
    return app.callAndWait(HttpMethod.GET, "/api/v1/concerts/" + concertId + "/schedules", user.token(), null);
  }

  private HttpResponse<Buffer> seatMap(ActiveUser user, long scheduleId) {
    return app.callAndWait(HttpMethod.GET, "/api/v1/schedules/" + scheduleId + "/seats", user.token(), null);
  }

  /** A refused stream answers a plain problem document. */
  private HttpResponse<Buffer> refusedSeatStream(ActiveUser user, long scheduleId) {
    return app.callAndWait(HttpMethod.GET, "/api/v1/schedules/" + scheduleId + "/seats/events", user.token(), null);
  }

  private int seatStreamStatus(ActiveUser user, long scheduleId) {
    try (EventStreamClient stream = EventStreamClient.open(app.vertx(), app.port(),
        "/api/v1/schedules/" + scheduleId + "/seats/events", user.token(), false)) {
      return stream.status();
    }
  }

  private HttpResponse<Buffer> cancel(ActiveUser user, String reservationId) {
    return app.callAndWait(HttpMethod.DELETE, "/api/v1/reservations/" + reservationId, user.token(), null);
  }

  @Test
  void aServiceWideTokenCannotSkipAConcertsOwnRoom() {
    app = apps.start();
    // Each of the three fields makes a room of the concert's own; the opening is past, so it is on sale.
    long byOpening = SalesOpeningIntegrationTest.createConcert(app, Instant.now().minusSeconds(60), null, null)
        .getLong("concertId");
    long byCap = SalesOpeningIntegrationTest.createConcert(app, null, null, 1000).getLong("concertId");
    JsonObject room = SalesOpeningIntegrationTest.createConcert(app, null, 1000, null);
    long roomConcert = room.getLong("concertId");
    long roomSchedule = scheduleOf(room);
    JsonObject plain = SalesOpeningIntegrationTest.createConcert(app, null, null, null);
    long plainSchedule = scheduleOf(plain);

    UUID userId = UUID.randomUUID();
    ActiveUser shared = serviceWideToken(userId);
    for (long concertId : List.of(byOpening, byCap, roomConcert)) {
      assertRefused(schedules(shared, concertId), "schedules of concert " + concertId);
    }
    assertRefused(seatMap(shared, roomSchedule), "seat map");
    assertRefused(refusedSeatStream(shared, roomSchedule), "seat stream");
    assertRefused(TestApp.await(app.requestHold(shared, roomSchedule, List.of(1))), "hold");

    // A reservation of the room's concert, held with the room's token: the service-wide token of
    // the same user can neither cancel nor pay it.
    ActiveUser own = roomToken(userId, roomConcert);
    HttpResponse<Buffer> charged = TestApp.await(app.charge(own, 10_000, null));
    assertThat(charged.statusCode()).as(charged.bodyAsString()).isEqualTo(200);
    String reservation = app.hold(own, roomSchedule, List.of(1));
    assertRefused(cancel(shared, reservation), "cancel");
    assertRefused(TestApp.await(app.pay(shared, reservation, null)), "payment");

    // The room's own token opens everything of its concert.
    assertThat(schedules(own, roomConcert).statusCode()).isEqualTo(200);
    assertThat(seatMap(own, roomSchedule).statusCode()).isEqualTo(200);
    assertThat(seatStreamStatus(own, roomSchedule)).isEqualTo(200);
    HttpResponse<Buffer> paid = TestApp.await(app.pay(own, reservation, null));
    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);

    // A concert created without any of the three keeps taking service-wide tokens.
    assertThat(schedules(shared, plain.getLong("concertId")).statusCode()).isEqualTo(200);
    assertThat(seatMap(shared, plainSchedule).statusCode()).isEqualTo(200);
    assertThat(seatStreamStatus(shared, plainSchedule)).isEqualTo(200);
    String plainHold = app.hold(shared, plainSchedule, List.of(1));
    assertThat(cancel(shared, plainHold).statusCode()).isEqualTo(204);
    String plainPaid = app.hold(shared, plainSchedule, List.of(2));
    HttpResponse<Buffer> paidPlain = TestApp.await(app.pay(shared, plainPaid, null));
    assertThat(paidPlain.statusCode()).as(paidPlain.bodyAsString()).isEqualTo(201);
  }

  /**
   * The payment applies the room rule in its own transaction, on the concert of the row it marks
   * paid: a refusal rolls all of it back, the idempotency key included.
   */
  @Test
  void aPaymentOutsideItsRoomChangesNothingAndLeavesItsKeyUnused() {
    app = apps.start();
    JsonObject room = SalesOpeningIntegrationTest.createConcert(app, null, 1000, null);
    long plainConcert = SalesOpeningIntegrationTest.createConcert(app, null, null, null).getLong("concertId");
    UUID userId = UUID.randomUUID();
    ActiveUser shared = serviceWideToken(userId);
    ActiveUser otherRoom = roomToken(userId, plainConcert);
    ActiveUser own = roomToken(userId, room.getLong("concertId"));
    HttpResponse<Buffer> charged = TestApp.await(app.charge(own, 10_000, null));
    assertThat(charged.statusCode()).as(charged.bodyAsString()).isEqualTo(200);
    String reservation = app.hold(own, scheduleOf(room), List.of(1));
    UUID reservationId = UUID.fromString(reservation);

    for (ActiveUser wrong : List.of(shared, otherRoom)) {
      assertRefused(TestApp.await(app.pay(wrong, reservation, null)), "payment without a key");
      assertRefused(TestApp.await(app.pay(wrong, reservation, "room-pay")), "payment with a key");
    }
    assertThat(app.count("SELECT count(*) FROM reservations WHERE id = $1 AND status = 'HELD'", reservationId)).isEqualTo(1);
    assertThat(app.balance(own)).isEqualTo(10_000);
    assertThat(app.count("SELECT count(*) FROM payments")).isZero();
    assertThat(app.count("SELECT count(*) FROM outbox WHERE event_type = 'PaymentCompleted'")).isZero();
    assertThat(app.status(shared)).isEqualTo("ACTIVE");
    assertThat(app.status(otherRoom)).isEqualTo("ACTIVE");

    // The refusals did not spend the key: the room's token pays with it, and a replay answers the same.
    HttpResponse<Buffer> paid = TestApp.await(app.pay(own, reservation, "room-pay"));
    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> replay = TestApp.await(app.pay(own, reservation, "room-pay"));
    assertThat(replay.statusCode()).isEqualTo(201);
    assertThat(replay.bodyAsJsonObject()).isEqualTo(paid.bodyAsJsonObject());
    assertThat(app.balance(own)).isEqualTo(10_000 - paid.bodyAsJsonObject().getLong("amount"));
    // No longer payable, it still answers the room rule first, as it did before the payment began.
    assertRefused(TestApp.await(app.pay(shared, reservation, null)), "payment of a paid reservation");
  }

  @Test
  void payingEndsTheTokenThatPaidAndNoOtherOfTheUsers() {
    app = apps.start();
    JsonObject plain = SalesOpeningIntegrationTest.createConcert(app, null, null, null);
    long plainConcert = plain.getLong("concertId");
    JsonObject room = SalesOpeningIntegrationTest.createConcert(app, null, 1000, null);
    UUID userId = UUID.randomUUID();
    ActiveUser shared = serviceWideToken(userId);
    // A plain concert's own room token: it and the service-wide token both open the concert.
    ActiveUser plainRoom = roomToken(userId, plainConcert);
    ActiveUser ownRoom = roomToken(userId, room.getLong("concertId"));
    HttpResponse<Buffer> charged = TestApp.await(app.charge(shared, 10_000, null));
    assertThat(charged.statusCode()).as(charged.bodyAsString()).isEqualTo(200);

    // Paid with the service-wide token: it ends; the room token of the paid concert stays live.
    String first = app.hold(shared, scheduleOf(plain), List.of(1));
    assertThat(TestApp.await(app.pay(shared, first, null)).statusCode()).isEqualTo(201);
    TestApp.awaitCondition(() -> "EXPIRED".equals(app.status(shared)), "the paying token to end");
    assertThat(app.status(plainRoom)).isEqualTo("ACTIVE");
    assertThat(app.status(ownRoom)).isEqualTo("ACTIVE");

    // Paid with that room token: it ends; the other room's token stays live.
    String second = app.hold(plainRoom, scheduleOf(plain), List.of(2));
    assertThat(TestApp.await(app.pay(plainRoom, second, null)).statusCode()).isEqualTo(201);
    TestApp.awaitCondition(() -> "EXPIRED".equals(app.status(plainRoom)), "the paying room token to end");
    assertThat(app.status(ownRoom)).isEqualTo("ACTIVE");
    assertThat(seatMap(ownRoom, scheduleOf(room)).statusCode()).isEqualTo(200);
    JsonArray seats = seatMap(ownRoom, scheduleOf(room)).bodyAsJsonObject().getJsonArray("items");
    assertThat(seats).isNotEmpty();
  }
}
