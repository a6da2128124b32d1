package dev.concert.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.cluster.ClusterHarness.Instance;
import dev.concert.queue.RedisQueueStore;
import dev.concert.queue.Room;
import dev.concert.support.MachineWide;
import dev.concert.support.Sql;
import dev.concert.support.TestApp.ActiveUser;
import dev.concert.support.TestApp;
import dev.concert.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two real instances (separate JVMs, one Hazelcast cluster) sharing Postgres and Redis: every
 * cross-instance promise of the contract, with requests split between them. The tests share the two
 * instances but not their data (each its own concert and users; the queue test ends its tokens),
 * so they pass in any order.
 */
@MachineWide(MachineWide.CLUSTERED_JVMS)
class ClusterIntegrationTest {
  private static final int MAX_ACTIVE = 40;
  private static final long PRICE = 10_000;
  private static ClusterHarness cluster;
  private static Instance a;
  private static Instance b;
  private static io.vertx.core.Vertx vertx;
  private static Pool pool;
  private static Redis redis;

  @BeforeAll
  static void startTwoInstances() {
    cluster = ClusterHarness.start(2, Map.of("CONCERT_QUEUE_MAX_ACTIVE", Integer.toString(MAX_ACTIVE)));
    a = cluster.instance(0);
    b = cluster.instance(1);
    vertx = io.vertx.core.Vertx.vertx();
    pool = dev.concert.infra.PgClients.pool(vertx, cluster.config());
    redis = dev.concert.infra.RedisClients.create(vertx, cluster.config());
  }

  @AfterAll
  static void stopInstances() {
    if (cluster != null) {
      cluster.close();
    }
    if (vertx != null) {
      TestApp.await(vertx.close());
    }
  }

  /** {@code count} users, joined alternately on A and B, once ACTIVE (seen from the other instance). */
  private static List<ActiveUser> activeUsers(int count) {
    List<ActiveUser> users = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      users.add((i % 2 == 0 ? a : b).join());
    }
    for (int i = 0; i < count; i++) {
      ActiveUser user = users.get(i);
      Instance other = i % 2 == 0 ? b : a;
      Wait.until(() -> "ACTIVE".equals(other.status(user)), "user " + i + " to be ACTIVE", Duration.ofSeconds(30));
    }
    return users;
  }


  private static JsonObject hold(long schedule, List<Integer> seats) {
    return new JsonObject().put("scheduleId", schedule).put("seatNumbers", new JsonArray(seats));
  }

  @Test
  void bothInstancesSeeATwoMemberCluster() {
    for (Instance instance : cluster.instances()) {
      JsonObject view = instance.operatorGet("/health/cluster").bodyAsJsonObject();
      assertThat(view.getBoolean("clustered")).isTrue();
      assertThat(view.getInteger("size")).isEqualTo(2);
      assertThat(view.getJsonArray("members").stream().filter(m -> ((JsonObject) m).getBoolean("local")).count()).isEqualTo(1);
    }
  }

  @Test
  void concurrentHoldsOfTheSameSeatsSplitAcrossInstancesHaveOneWinner() {
    long schedule = a.newSchedule("Race", 10, PRICE);
    List<ActiveUser> users = activeUsers(20);
    for (List<Integer> seats : List.of(List.of(1, 2), List.of(2, 3, 4), List.of(5))) {
      List<Future<HttpResponse<Buffer>>> attempts = new ArrayList<>();
      for (int i = 0; i < users.size(); i++) {
        attempts.add((i % 2 == 0 ? a : b).call(HttpMethod.POST, "/api/v1/reservations", users.get(i).token(), hold(schedule, seats)));
      }
      TestApp.await(Future.join(attempts));
      long won = attempts.stream().filter(r -> r.result().statusCode() == 201).count();
      long refused = attempts.stream().filter(r -> r.result().statusCode() == 409
          && "SEAT_UNAVAILABLE".equals(r.result().bodyAsJsonObject().getString("code"))).count();
      // Seats 1-2 are taken by the first round, so the second round (2,3,4) has no winner at all.
      long expected = seats.contains(2) && seats.size() == 3 ? 0 : 1;
      assertThat(won).as("winners for seats %s", seats).isEqualTo(expected);
      assertThat(refused).isEqualTo(users.size() - expected);
    }
    assertThat(Sql.count(pool, "SELECT count(*) FROM reservations WHERE schedule_id = $1 AND status = 'HELD'", schedule)).isEqualTo(2);
    // Both instances show the same seat map: Redis is where they meet.
    for (Instance instance : cluster.instances()) {
      JsonArray seats = instance.callAndWait(HttpMethod.GET, "/api/v1/schedules/" + schedule + "/seats", users.get(0).token(), null)
          .bodyAsJsonObject().getJsonArray("items");
      assertThat(seats.stream().filter(s -> "HELD".equals(((JsonObject) s).getString("status"))).count()).isEqualTo(3);
    }
  }

  @Test
  void aReservationHeldOnOneInstanceIsPaidOnTheOtherExactlyOnce() {
    long schedule = a.newSchedule("Pay across", 10, PRICE);
    ActiveUser user = activeUsers(1).get(0);
    HttpResponse<Buffer> held = a.callAndWait(HttpMethod.POST, "/api/v1/reservations", user.token(), hold(schedule, List.of(7, 8)));
    assertThat(held.statusCode()).as(held.bodyAsString()).isEqualTo(201);
    String reservationId = held.bodyAsJsonObject().getString("reservationId");
    assertThat(b.callAndWait(HttpMethod.POST, "/api/v1/balance/charge", user.token(), new JsonObject().put("amount", 100_000))
        .statusCode()).isEqualTo(200);

    // Paid from both instances at once: exactly one payment, one debit.
    List<Future<HttpResponse<Buffer>>> payments = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      payments.add((i % 2 == 0 ? b : a).call(HttpMethod.POST, "/api/v1/payments", user.token(),
          new JsonObject().put("reservationId", reservationId)));
    }
    TestApp.await(Future.join(payments));
    assertThat(payments.stream().filter(p -> p.result().statusCode() == 201).count()).isEqualTo(1);
    assertThat(payments.stream().map(p -> p.result().statusCode()).toList()).allMatch(s -> s == 201 || s == 409 || s == 401);

    assertThat(a.callAndWait(HttpMethod.GET, "/api/v1/reservations/" + reservationId, user.token(), null)
        .bodyAsJsonObject().getString("status")).isEqualTo("PAID");
    assertThat(a.callAndWait(HttpMethod.GET, "/api/v1/balance", user.token(), null).bodyAsJsonObject().getLong("balance"))
        .isEqualTo(100_000 - 2 * PRICE);
    assertThat(Sql.count(pool, "SELECT count(*) FROM payments WHERE reservation_id = $1::uuid", reservationId)).isEqualTo(1);
  }

  @Test
  void aConcertCreatedOnOneInstanceIsListedByTheOtherBeforeItsCacheWouldExpire() {
    // B caches its list now; only the cluster signal can make it drop the copy within the TTL.
    long cachedAt = System.nanoTime();
    b.callAndWait(HttpMethod.GET, "/api/v1/concerts", null, null);
    a.newSchedule("Signalled", 5, PRICE);
    Wait.until(() -> b.callAndWait(HttpMethod.GET, "/api/v1/concerts", null, null).bodyAsJsonObject()
        .getJsonArray("items").stream().anyMatch(c -> "Signalled".equals(((JsonObject) c).getString("title"))),
        "B to list the new concert", Duration.ofSeconds(30));
    long tookMillis = Duration.ofNanos(System.nanoTime() - cachedAt).toMillis();
    assertThat(tookMillis).as("listed after %d ms", tookMillis).isLessThan(dev.concert.concert.ConcertListCacheAccess.ttlMillis());
  }

  @Test
  void theQueueNeverHasMoreThanMaxActiveAcrossBothInstances() {
    long before = activeCount();
    assertThat(before).isLessThan(MAX_ACTIVE);
    List<ActiveUser> users = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      users.add((i % 2 == 0 ? a : b).join());
    }
    try {
      fillsUpToTheCapAndNoFurther(users, before);
    } finally {
      endTokens(users);
    }
  }

  private static void fillsUpToTheCapAndNoFurther(List<ActiveUser> users, long before) {
    Wait.until(() -> {
      long active = activeCount();
      assertThat(active).isLessThanOrEqualTo(MAX_ACTIVE);
      return active == MAX_ACTIVE;
    }, "the active set to fill up", Duration.ofSeconds(30));
    // Both instances keep ticking; the cap holds whatever their timers do.
    for (int sample = 0; sample < 10; sample++) {
      assertThat(activeCount()).isEqualTo(MAX_ACTIVE);
      a.callAndWait(HttpMethod.GET, "/health/live", null, null);
    }
    long activeUsers = users.stream().filter(u -> "ACTIVE".equals((users.indexOf(u) % 2 == 0 ? b : a).status(u))).count();
    assertThat(activeUsers).isEqualTo(MAX_ACTIVE - before);
  }

  /** Ends the tokens of {@code users} (as payments would), so that the other tests find slots free. */
  private static void endTokens(List<ActiveUser> users) {
    RedisQueueStore store = new RedisQueueStore(redis);
    TestApp.await(Future.all(users.stream().map(u -> store.end(Room.serviceWide(1, 1), u.userId().toString())).toList()));
  }

  private static long activeCount() {
    return TestApp.await(redis.send(Request.cmd(Command.ZCARD).arg("queue:{q}:active"))).toLong();
  }
}
