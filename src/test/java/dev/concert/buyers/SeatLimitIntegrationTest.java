package dev.concert.buyers;

import dev.concert.seats.BuyerKeys;
import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.config.AppConfig;
import dev.concert.outbox.DomainEvent;
import dev.concert.outbox.EventType;
import dev.concert.outbox.OutboxWriter;
import dev.concert.reservation.Reservation;
import dev.concert.reservation.ReservationRepository;
import dev.concert.reservation.ReservationStatus;
import dev.concert.support.ContractResponses;
import dev.concert.support.TestApp;
import dev.concert.support.TestAppExtension;
import dev.concert.support.TestApp.ActiveUser;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The per-buyer seat limit, against real Redis and Postgres, through HTTP and across instances. */
class SeatLimitIntegrationTest {
  @RegisterExtension final TestAppExtension apps = new TestAppExtension();
  private TestApp app;
  private TestApp second;

  private List<Long> newSchedules(int seats, int dates) {
    JsonArray schedules = app.createConcert("Limits", seats, 1_000, Duration.ofDays(10), dates).getJsonArray("schedules");
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < schedules.size(); i++) {
      ids.add(schedules.getJsonObject(i).getLong("scheduleId"));
    }
    return ids;
  }

  private static Future<HttpResponse<Buffer>> hold(TestApp instance, ActiveUser user, long scheduleId, List<Integer> seats) {
    return instance.requestHold(user, scheduleId, seats);
  }

  private HttpResponse<Buffer> holdNow(ActiveUser user, long scheduleId, Integer... seats) {
    return TestApp.await(hold(app, user, scheduleId, List.of(seats)));
  }

  private static void assertRefusedForTheLimit(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(409);
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("SEAT_LIMIT_EXCEEDED");
  }

  private long liveSeatsInPostgres(UUID userId, long scheduleId) {
    return TestApp.await(app.pool().preparedQuery(
            "SELECT count(*) FROM reservation_seats rs JOIN reservations r ON r.id = rs.reservation_id "
                + "WHERE r.user_id = $1 AND rs.schedule_id = $2 AND rs.status IN ('HELD', 'PAID')")
        .execute(Tuple.of(userId, scheduleId))).iterator().next().getLong(0);
  }

  private long heldSeatsInRedis(long scheduleId) {
    return TestApp.await(app.redis().send(Request.cmd(Command.HLEN).arg(dev.concert.seats.SeatKeys.seats(scheduleId))))
        .toLong();
  }

  @Test
  void twentyParallelSingleSeatHoldsByOneUserOverTwoInstancesHoldExactlyFour() {
    app = apps.start();
    second = apps.resume(AppConfig.from(TestApp.environment(Map.of())));
    long schedule = newSchedules(50, 1).get(0);
    ActiveUser user = app.activeUser();

    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int seat = 1; seat <= 20; seat++) {
      calls.add(hold(seat % 2 == 0 ? app : second, user, schedule, List.of(seat)));
    }
    TestApp.await(Future.join(calls));

    Map<Integer, Integer> statuses = new HashMap<>();
    calls.forEach(call -> statuses.merge(call.result().statusCode(), 1, Integer::sum));
    assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of(201, 4, 409, 16));
    calls.stream().map(Future::result).filter(r -> r.statusCode() == 409).forEach(SeatLimitIntegrationTest::assertRefusedForTheLimit);
    ContractResponses contract = ContractResponses.load(app.vertx());
    calls.forEach(call -> contract.assertConforms("holdSeats", call.result()));
    assertThat(liveSeatsInPostgres(user.userId(), schedule)).isEqualTo(4);
    assertThat(heldSeatsInRedis(schedule)).as("refused holds leave no seat held in Redis").isEqualTo(4);
  }

  @Test
  void aHoldOfSeveralSeatsPastTheLimitHoldsNone() {
    app = apps.start();
    long schedule = newSchedules(50, 1).get(0);
    ActiveUser user = app.activeUser();
    assertThat(holdNow(user, schedule, 1, 2, 3).statusCode()).isEqualTo(201);
    assertRefusedForTheLimit(holdNow(user, schedule, 4, 5));
    assertThat(liveSeatsInPostgres(user.userId(), schedule)).isEqualTo(3);
    assertThat(heldSeatsInRedis(schedule)).isEqualTo(3);
    assertThat(holdNow(user, schedule, 4).statusCode()).isEqualTo(201);
    // Other buyers are not affected by this one's seats.
    assertThat(holdNow(app.activeUser(), schedule, 10, 11, 12, 13).statusCode()).isEqualTo(201);
  }

  @Test
  void paidSeatsCount() {
    app = apps.start();
    long schedule = newSchedules(50, 1).get(0);
    ActiveUser user = app.activeUser();
    HttpResponse<Buffer> held = holdNow(user, schedule, 1, 2);
    assertThat(held.statusCode()).isEqualTo(201);
    assertThat(app.callAndWait(HttpMethod.POST, "/api/v1/balance/charge", user.token(),
        new JsonObject().put("amount", 10_000)).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> paid = app.callAndWait(HttpMethod.POST, "/api/v1/payments", user.token(),
        new JsonObject().put("reservationId", held.bodyAsJsonObject().getString("reservationId")));
    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);

    // Paying ends the token: the same buyer queues again.
    ActiveUser again = activeAgain(user.userId());
    assertRefusedForTheLimit(holdNow(again, schedule, 3, 4, 5));
    assertThat(holdNow(again, schedule, 3, 4).statusCode()).isEqualTo(201);
    assertRefusedForTheLimit(holdNow(again, schedule, 5));
  }

  @Test
  void refundedSeatsStopCounting() {
    app = apps.start();
    long schedule = newSchedules(50, 1).get(0);
    ActiveUser user = app.activeUser();
    String id = holdNow(user, schedule, 1, 2, 3, 4).bodyAsJsonObject().getString("reservationId");
    assertThat(app.callAndWait(HttpMethod.POST, "/api/v1/balance/charge", user.token(),
        new JsonObject().put("amount", 10_000)).statusCode()).isEqualTo(200);
    assertThat(app.callAndWait(HttpMethod.POST, "/api/v1/payments", user.token(),
        new JsonObject().put("reservationId", id)).statusCode()).isEqualTo(201);
    ActiveUser again = activeAgain(user.userId());
    assertRefusedForTheLimit(holdNow(again, schedule, 5));

    HttpResponse<Buffer> refunded = app.callAndWait(HttpMethod.POST, "/api/v1/reservations/" + id + "/refund",
        again.token(), null);
    assertThat(refunded.statusCode()).as(refunded.bodyAsString()).isEqualTo(200);
    TestApp.awaitCondition(() -> heldSeatsInRedis(schedule) == 0, "the refunded seats to be freed in Redis");
    assertThat(holdNow(again, schedule, 5, 6, 7, 8).statusCode()).isEqualTo(201);
    assertThat(liveSeatsInPostgres(user.userId(), schedule)).isEqualTo(4);
  }

  @Test
  void anotherDateHasItsOwnLimit() {
    app = apps.start();
    List<Long> dates = newSchedules(50, 2);
    ActiveUser user = app.activeUser();
    assertThat(holdNow(user, dates.get(0), 1, 2, 3, 4).statusCode()).isEqualTo(201);
    assertThat(holdNow(user, dates.get(1), 1, 2, 3, 4).statusCode()).isEqualTo(201);
    assertRefusedForTheLimit(holdNow(user, dates.get(0), 5));
    assertRefusedForTheLimit(holdNow(user, dates.get(1), 5));
  }

  @Test
  void cancelledSeatsStopCounting() {
    app = apps.start();
    long schedule = newSchedules(50, 1).get(0);
    ActiveUser user = app.activeUser();
    String id = holdNow(user, schedule, 1, 2, 3, 4).bodyAsJsonObject().getString("reservationId");
    assertRefusedForTheLimit(holdNow(user, schedule, 5));
    assertThat(app.callAndWait(HttpMethod.DELETE, "/api/v1/reservations/" + id, user.token(), null).statusCode())
        .isEqualTo(204);
    assertThat(holdNow(user, schedule, 5, 6, 7, 8).statusCode()).isEqualTo(201);
  }

  @Test
  void expiredSeatsStopCounting() {
    app = apps.start(Map.of("CONCERT_HOLD_SECONDS", "1"));
    long schedule = newSchedules(50, 1).get(0);
    ActiveUser user = app.activeUser();
    HttpResponse<Buffer> held = holdNow(user, schedule, 1, 2, 3, 4);
    assertThat(held.statusCode()).isEqualTo(201);
    String id = held.bodyAsJsonObject().getString("reservationId");
    TestApp.awaitCondition(() -> "EXPIRED".equals(app.callAndWait(HttpMethod.GET, "/api/v1/reservations/" + id,
        user.token(), null).bodyAsJsonObject().getString("status")), "the hold to expire");
    // The sweeper frees the seats in Redis just after marking the hold EXPIRED in Postgres.
    TestApp.awaitCondition(() -> heldSeatsInRedis(schedule) == 0, "the expired seats to be freed in Redis");
    assertThat(holdNow(user, schedule, 5, 6, 7, 8).statusCode()).isEqualTo(201);
  }

  @Test
  void postgresGuardsTheLimitWhenRedisLostTheBuyersSeats() {
    app = apps.start();
    long schedule = newSchedules(50, 1).get(0);
    ActiveUser user = app.activeUser();
    assertThat(holdNow(user, schedule, 1, 2, 3, 4).statusCode()).isEqualTo(201);
    TestApp.await(app.redis().send(Request.cmd(Command.DEL).arg(BuyerKeys.seats(schedule, user.userId()))));

    assertRefusedForTheLimit(holdNow(user, schedule, 5));
    assertThat(heldSeatsInRedis(schedule)).as("the Redis hold is undone").isEqualTo(4);
    assertThat(liveSeatsInPostgres(user.userId(), schedule)).isEqualTo(4);
  }

  @Test
  void postgresCountsConcurrentHoldsOfOneBuyerExactly() {
    app = apps.start();
    long schedule = newSchedules(50, 1).get(0);
    UUID userId = UUID.randomUUID();
    ReservationRepository repository = new ReservationRepository(app.pool(),
        new dev.concert.infra.PgTransactions(app.vertx(), app.pool(), app.config().deadlines()), new OutboxWriter(app.config()));
    List<Future<Void>> inserts = new ArrayList<>();
    for (int seat = 1; seat <= 20; seat++) {
      Reservation r = new Reservation(UUID.randomUUID(), userId, schedule, List.of(seat), 1_000,
          ReservationStatus.HELD, Instant.now().plusSeconds(300));
      DomainEvent event = DomainEvent.of(EventType.ReservationHeld, Instant.now(), r.id(), userId, schedule,
          r.seatNumbers(), null);
      inserts.add(repository.insertHold(r, event, 4));
    }
    TestApp.await(Future.join(inserts).otherwiseEmpty());
    assertThat(inserts.stream().filter(Future::succeeded).count()).isEqualTo(4);
    assertThat(inserts.stream().filter(Future::failed))
        .allMatch(f -> f.cause() instanceof ReservationRepository.SeatLimitException);
    assertThat(liveSeatsInPostgres(userId, schedule)).isEqualTo(4);
  }

  @Test
  void zeroTurnsTheLimitOff() {
    app = apps.start(Map.of("CONCERT_MAX_SEATS_PER_USER", "0"));
    long schedule = newSchedules(50, 1).get(0);
    ActiveUser user = app.activeUser();
    assertThat(holdNow(user, schedule, 1, 2, 3, 4).statusCode()).isEqualTo(201);
    assertThat(holdNow(user, schedule, 5, 6, 7, 8).statusCode()).isEqualTo(201);
    assertThat(liveSeatsInPostgres(user.userId(), schedule)).isEqualTo(8);
  }

  /** The same user queues again (e.g. after paying) and waits until ACTIVE. */
  private ActiveUser activeAgain(UUID userId) {
    String token = app.issueToken(userId).getString("token");
    TestApp.awaitCondition(() -> "ACTIVE".equals(app.currentToken(token).getString("status")), "the new token to be ACTIVE");
    return new ActiveUser(userId, token);
  }
}
