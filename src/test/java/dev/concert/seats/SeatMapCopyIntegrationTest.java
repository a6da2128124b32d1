package dev.concert.seats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.config.AppConfig;
import dev.concert.support.TestApp;
import dev.concert.support.TestApp.ActiveUser;
import dev.concert.support.TestAppExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seat map GET served from each instance's copy of the seat states (SeatCopies): kept current
 * by the change notices across instances, re-synced after the subscription drops and after Redis
 * lost its data, a lapsed hold read as free, and this instance's own changes shown at once.
 */
class SeatMapCopyIntegrationTest {
  private static final Map<String, String> SHORT_HOLDS = Map.of("CONCERT_HOLD_SECONDS", "2");

  @RegisterExtension
  final TestAppExtension apps = new TestAppExtension();

  private static Map<Integer, String> seatMap(TestApp app, ActiveUser user, long schedule) {
    HttpResponse<Buffer> response = app.callAndWait(HttpMethod.GET, "/api/v1/schedules/" + schedule + "/seats", user.token(), null);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return items(response);
  }

  /** The map, or nothing while the reader's token is being re-admitted after a Redis loss. */
  private static Map<Integer, String> seatMapIfActive(TestApp app, ActiveUser user, long schedule) {
    HttpResponse<Buffer> response = app.callAndWait(HttpMethod.GET, "/api/v1/schedules/" + schedule + "/seats", user.token(), null);
    return response.statusCode() == 200 ? items(response) : Map.of();
  }

  private static Map<Integer, String> items(HttpResponse<Buffer> response) {
    Map<Integer, String> seats = new HashMap<>();
    response.bodyAsJsonObject().getJsonArray("items")
        .forEach(item -> seats.put(((JsonObject) item).getInteger("seatNumber"), ((JsonObject) item).getString("status")));
    return seats;
  }

  /** Reads the map once (which starts the copy) and waits until the copy is loaded. */
  private static SeatCopies copyOf(TestApp app, ActiveUser user, long schedule) {
    seatMap(app, user, schedule);
    SeatCopies copies = SeatCopies.of(app.vertx());
    TestApp.awaitCondition(() -> copies.current(schedule) != null, "the copy of schedule " + schedule);
    return copies;
  }

  /** Waits until the map says {@code seat} is {@code status}, and checks that the copy says so too. */
  private static void awaitFromCopy(TestApp app, ActiveUser user, long schedule, int seat, String status) {
    TestApp.awaitCondition(() -> status.equals(seatMapIfActive(app, user, schedule).get(seat)), "seat " + seat + " " + status);
    // A read may have been answered from Redis while the copy was (re)loading: the load ends on its own.
    TestApp.awaitCondition(() -> SeatCopies.of(app.vertx()).current(schedule) != null, "the copy in use");
    SeatSnapshot copy = SeatCopies.of(app.vertx()).current(schedule);
    // Judged on the clock the map judges lapses by (Redis's, as estimated by this process), not the
    // test's own: a few milliseconds between the two flip a seat at its lapse.
    assertThat(copy.states(seat, SeatSnapshot.now())[seat - 1].name()).isEqualTo(status);
    assertThat(seatMap(app, user, schedule).get(seat)).as("the map read from the copy").isEqualTo(status);
  }

  @Test
  void holdCancelPaymentAndExpiryOnOneInstanceReachTheSeatMapOfAnother() {
    TestApp first = apps.start(SHORT_HOLDS);
    TestApp second = apps.resume(AppConfig.from(TestApp.environment(SHORT_HOLDS)));
    long schedule = first.newSchedule("Copied", 10, 1_000);
    ActiveUser reader = second.activeUser();
    copyOf(second, reader, schedule);

    ActiveUser canceller = first.activeUser();
    String cancelled = first.hold(canceller, schedule, List.of(3, 4));
    awaitFromCopy(second, reader, schedule, 3, "HELD");
    awaitFromCopy(second, reader, schedule, 4, "HELD");
    assertThat(first.callAndWait(HttpMethod.DELETE, "/api/v1/reservations/" + cancelled, canceller.token(), null)
        .statusCode()).isEqualTo(204);
    awaitFromCopy(second, reader, schedule, 3, "AVAILABLE");
    awaitFromCopy(second, reader, schedule, 4, "AVAILABLE");

    ActiveUser payer = first.activeUser();
    assertThat(TestApp.await(first.charge(payer, 5_000, null)).statusCode()).isEqualTo(200);
    String paid = first.hold(payer, schedule, List.of(7));
    HttpResponse<Buffer> payment = TestApp.await(first.pay(payer, paid, null));
    assertThat(payment.statusCode()).as(payment.bodyAsString()).isLessThan(300);
    awaitFromCopy(second, reader, schedule, 7, "SOLD");

    // Expiry: the sweeper releases the hold (and publishes) soon after its time, well before the
    // copy would read it as lapsed (heldUntil + grace).
    ActiveUser leaver = first.activeUser();
    HttpResponse<Buffer> held = TestApp.await(first.requestHold(leaver, schedule, List.of(9)));
    assertThat(held.statusCode()).isEqualTo(201);
    Instant heldUntil = Instant.parse(held.bodyAsJsonObject().getString("heldUntil"));
    awaitFromCopy(second, reader, schedule, 9, "HELD");
    awaitFromCopy(second, reader, schedule, 9, "AVAILABLE");
    assertThat(Instant.now()).isBefore(heldUntil.plusMillis(SeatKeys.LAPSE_GRACE_MILLIS));
  }

  @Test
  void thisInstancesOwnChangesShowAtOnce() {
    TestApp app = apps.start();
    long schedule = app.newSchedule("Mine", 40, 1_000);
    ActiveUser reader = app.activeUser();
    copyOf(app, reader, schedule);
    for (int seat = 1; seat <= 20; seat++) {
      ActiveUser buyer = app.activeUser();
      String reservation = app.hold(buyer, schedule, List.of(seat));
      assertThat(seatMap(app, buyer, schedule).get(seat)).as("seat %d right after its hold", seat).isEqualTo("HELD");
      assertThat(app.callAndWait(HttpMethod.DELETE, "/api/v1/reservations/" + reservation, buyer.token(), null)
          .statusCode()).isEqualTo(204);
      assertThat(seatMap(app, buyer, schedule).get(seat)).as("seat %d right after its cancel", seat).isEqualTo("AVAILABLE");
    }
    assertThat(SeatCopies.of(app.vertx()).current(schedule)).as("the copy is still in use").isNotNull();
  }

  @Test
  void aHoldPastItsTimeAndGraceReadsAsFreeFromTheCopy() {
    TestApp app = apps.start();
    long schedule = app.newSchedule("Lapsed", 5, 1_000);
    ActiveUser reader = app.activeUser();
    SeatCopies copies = copyOf(app, reader, schedule);
    // A hold whose release never comes (as after a lost instance): 200 ms, never released.
    Seats seats = new RedisSeats(app.redis());
    Seats.HoldResult hold = TestApp.await(seats.hold(schedule, UUID.randomUUID(), UUID.randomUUID(), List.of(2), 200, Seats.BuyerLimits.NONE));
    assertThat(hold.held()).isTrue();
    awaitFromCopy(app, reader, schedule, 2, "HELD");
    awaitFromCopy(app, reader, schedule, 2, "AVAILABLE");
    assertThat(SeatSnapshot.now()).isGreaterThanOrEqualTo(hold.heldUntil().toEpochMilli() + SeatKeys.LAPSE_GRACE_MILLIS);
    // Redis still has the field: the copy kept heldUntil and applied the lapse when read.
    assertThat(TestApp.await(app.redis().send(Request.cmd(Command.HEXISTS).arg(SeatKeys.seats(schedule)).arg(2))).toInteger())
        .isEqualTo(1);
    assertThat(copies.current(schedule)).isNotNull();
  }

  @Test
  void theCopyIsLoadedAgainAfterTheSubscriptionDrops() {
    TestApp app = apps.start();
    long schedule = app.newSchedule("Dropped", 5, 1_000);
    ActiveUser reader = app.activeUser();
    SeatCopies copies = copyOf(app, reader, schedule);
    long drops = copies.drops();
    Seats seats = new RedisSeats(app.redis());

    killSubscription(app, copies.changes());
    TestApp.awaitCondition(() -> copies.drops() > drops, "the copies to be dropped");
    // Changed while nobody of this instance listens (or just after: either way it must show).
    TestApp.await(seats.hold(schedule, UUID.randomUUID(), UUID.randomUUID(), List.of(1), 60_000, Seats.BuyerLimits.NONE));
    assertThat(seatMap(app, reader, schedule).get(1)).as("read from Redis meanwhile").isEqualTo("HELD");

    TestApp.awaitCondition(() -> copies.changes().subscribed(), "the subscription back");
    awaitFromCopy(app, reader, schedule, 1, "HELD");
    TestApp.await(seats.hold(schedule, UUID.randomUUID(), UUID.randomUUID(), List.of(5), 60_000, Seats.BuyerLimits.NONE));
    awaitFromCopy(app, reader, schedule, 5, "HELD");
  }

  @Test
  void theCopyFollowsRedisLosingItsDataAndTheRebuild() {
    TestApp first = apps.start();
    TestApp second = apps.resume(AppConfig.from(TestApp.environment(Map.of())));
    long schedule = first.newSchedule("Flushed", 10, 1_000);
    ActiveUser reader = second.activeUser();
    SeatCopies copies = copyOf(second, reader, schedule);
    long drops = copies.drops();

    ActiveUser keeper = first.activeUser();
    first.hold(keeper, schedule, List.of(1, 2));
    // Held in Redis only (Postgres has no such reservation, as after a cancel whose release was
    // lost in the flush): no notice will ever say seat 5 is free again.
    TestApp.await(new RedisSeats(first.redis()).hold(schedule, UUID.randomUUID(), UUID.randomUUID(), List.of(5), 60_000, Seats.BuyerLimits.NONE));
    awaitFromCopy(second, reader, schedule, 5, "HELD");

    flush(first);
    TestApp.awaitCondition(() -> copies.drops() > drops, "the copies dropped after the loss");
    // The rebuild writes the hold Postgres has back (and publishes it); seat 5 stays free.
    awaitFromCopy(second, reader, schedule, 1, "HELD");
    awaitFromCopy(second, reader, schedule, 2, "HELD");
    awaitFromCopy(second, reader, schedule, 5, "AVAILABLE");

    // A rebuild writing into a loaded copy reaches it by its notice.
    TestApp.await(new RedisSeats(first.redis()).rebuild(List.of(new Seats.TakenSeat(schedule, 8, UUID.randomUUID(), true, null))));
    awaitFromCopy(second, reader, schedule, 8, "SOLD");
  }

  /** Closes the instance's subscriber connection from the server's side, as a network fault would. */
  private static void killSubscription(TestApp app, SeatChanges changes) {
    Redis server = Redis.createClient(app.vertx(), new RedisOptions().setConnectionString(changes.server()));
    try {
      TestApp.await(server.send(Request.cmd(Command.CLIENT).arg("KILL").arg("ID").arg(changes.clientId())));
    } finally {
      server.close();
    }
  }

  /** FLUSHDB on the test database; on a cluster on every master. */
  private static void flush(TestApp app) {
    if (!app.config().redisCluster()) {
      TestApp.await(app.redis().send(Request.cmd(Command.FLUSHDB)));
      return;
    }
    for (String node : app.config().redisClusterNodes()) {
      Redis master = Redis.createClient(app.vertx(), "redis://" + node);
      try {
        TestApp.await(master.send(Request.cmd(Command.FLUSHALL)));
      } finally {
        master.close();
      }
    }
  }
}
