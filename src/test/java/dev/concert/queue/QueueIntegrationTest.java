package dev.concert.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.infra.RedisClients;
import dev.concert.support.TestApp;
import dev.concert.support.TestAppExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The queue against real Redis, through HTTP and through the store's scripts. */
class QueueIntegrationTest {

  @RegisterExtension final TestAppExtension apps = new TestAppExtension();
  private TestApp app;

  @Test
  void aThousandConcurrentRequestsGetDistinctPositionsOneToN() {
    app = apps.start(HandTicks.NO_TICKS);
    int n = 1000;
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(app.call(HttpMethod.POST, "/api/v1/queue/tokens", null,
          new JsonObject().put("userId", UUID.randomUUID().toString())));
    }
    TestApp.await(Future.all(calls));
    Set<Long> positions = new HashSet<>();
    Set<String> tokens = new HashSet<>();
    for (Future<HttpResponse<Buffer>> call : calls) {
      HttpResponse<Buffer> response = call.result();
      assertThat(response.statusCode()).isEqualTo(201);
      JsonObject body = response.bodyAsJsonObject();
      assertThat(body.getString("status")).isEqualTo("WAITING");
      assertThat(body.getString("activeUntil")).isNull();
      positions.add(body.getLong("position"));
      tokens.add(body.getString("token"));
    }
    assertThat(tokens).hasSize(n);
    assertThat(positions).hasSize(n).allMatch(p -> p >= 1 && p <= n);
  }

  @Test
  void askingAgainReturnsTheSameTokenAndPlace() {
    app = apps.start(HandTicks.NO_TICKS);
    for (int i = 0; i < 5; i++) {
      app.issueToken(UUID.randomUUID());
    }
    UUID me = UUID.randomUUID();
    JsonObject first = app.issueToken(me);
    HttpResponse<Buffer> again = app.callAndWait(HttpMethod.POST, "/api/v1/queue/tokens", null,
        new JsonObject().put("userId", me.toString()));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getString("token")).isEqualTo(first.getString("token"));
    assertThat(again.bodyAsJsonObject().getLong("position")).isEqualTo(6L);
    JsonObject current = app.currentToken(first.getString("token"));
    assertThat(current.getString("status")).isEqualTo("WAITING");
    assertThat(current.getLong("position")).isEqualTo(6L);
    // Cap 3, nobody active, 600 s active time: positions 1-3 get in at once, position 6 waits for
    // the third of them to end (the estimate accounts for the cap, not only the rate).
    assertThat(current.getLong("estimatedWaitSeconds")).isEqualTo(601L);
    assertThat(current.getString("userId")).isEqualTo(me.toString());
  }

  @Test
  void admitsInArrivalOrderNeverPastMaxActiveAndPaymentFreesASlot() {
    app = apps.start(HandTicks.NO_TICKS);
    List<UUID> users = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      UUID user = UUID.randomUUID();
      users.add(user);
      tokens.add(app.issueToken(user).getString("token"));
    }
    RedisQueueStore store = new RedisQueueStore(app.redis());
    HandTicks.admitUntilActiveCount(app, 3);
    assertThat(states(tokens)).containsExactly(
        "ACTIVE", "ACTIVE", "ACTIVE", "WAITING", "WAITING", "WAITING", "WAITING", "WAITING");
    assertThat(app.currentToken(tokens.get(3)).getLong("position")).isEqualTo(1L);
    assertThat(app.currentToken(tokens.get(0)).getString("activeUntil")).isNotNull();

    // Ending user 2's token (as a payment does) frees exactly one slot, for the next in line.
    assertThat(TestApp.await(store.end(HandTicks.ALL, users.get(1).toString()))).isTrue();
    HandTicks.admitUntilActiveCount(app, 3);
    assertThat(states(tokens)).containsExactly(
        "ACTIVE", "EXPIRED", "ACTIVE", "ACTIVE", "WAITING", "WAITING", "WAITING", "WAITING");
    // More ticks admit nobody while all slots are taken.
    RoomAdmissions admissions = new RoomAdmissions(app.redis(), HandTicks.TIMING);
    for (int i = 0; i < 5; i++) {
      assertThat(TestApp.await(admissions.admit(HandTicks.ALL)).admitted()).isZero();
    }
    // An ended user may queue again, at the end of the line.
    JsonObject again = app.issueToken(users.get(1));
    assertThat(again.getString("token")).isNotEqualTo(tokens.get(1));
    assertThat(again.getLong("position")).isEqualTo(5L);
  }

  @Test
  void theGateAnswersByTokenState() {
    app = apps.start(HandTicks.NO_TICKS);
    String active = app.issueToken(UUID.randomUUID()).getString("token");
    HandTicks.admitUntilActiveCount(app, 1);
    for (int i = 0; i < 3; i++) {
      app.issueToken(UUID.randomUUID());
    }
    HandTicks.admitUntilActiveCount(app, 3);
    String waiting = app.issueToken(UUID.randomUUID()).getString("token");
    String forged = new TokenSigner("some-other-secret-0123456", Clock.systemUTC())
        .sign(new TokenSigner("x".repeat(16), Clock.systemUTC()).newToken(UUID.randomUUID()));

    assertThat(app.callAndWait(HttpMethod.GET, "/api/v1/concerts/1/schedules", active, null).statusCode()).isEqualTo(404);
    assertCode(app.callAndWait(HttpMethod.GET, "/api/v1/concerts/1/schedules", waiting, null), 403, "QUEUE_NOT_ACTIVE");
    assertCode(app.callAndWait(HttpMethod.GET, "/api/v1/concerts/1/schedules", forged, null), 401, "TOKEN_INVALID");
    assertCode(app.callAndWait(HttpMethod.GET, "/api/v1/concerts/1/schedules", null, null), 401, "TOKEN_INVALID");
    assertCode(app.callAndWait(HttpMethod.GET, "/api/v1/queue/tokens/current", forged, null), 401, "TOKEN_INVALID");
    // The identity gate accepts a waiting token.
    assertThat(app.callAndWait(HttpMethod.GET, "/api/v1/queue/tokens/current", waiting, null).statusCode()).isEqualTo(200);

    UUID activeUser = UUID.fromString(app.currentToken(active).getString("userId"));
    TestApp.await(new RedisQueueStore(app.redis()).end(HandTicks.ALL, activeUser.toString()));
    assertCode(app.callAndWait(HttpMethod.GET, "/api/v1/concerts/1/schedules", active, null), 401, "TOKEN_EXPIRED");
    assertThat(app.currentToken(active).getString("status")).isEqualTo("EXPIRED");
  }

  @Test
  void activeTokensExpireAndFreeTheirSlot() {
    app = apps.start(Map.of(
        "CONCERT_QUEUE_ADMIT_PER_SECOND", "1000",
        "CONCERT_QUEUE_MAX_ACTIVE", "1",
        "CONCERT_QUEUE_ACTIVE_SECONDS", "1"));
    String first = app.issueToken(UUID.randomUUID()).getString("token");
    String second = app.issueToken(UUID.randomUUID()).getString("token");
    TestApp.awaitCondition(() -> "ACTIVE".equals(app.currentToken(first).getString("status")), "first active");
    assertThat(app.currentToken(second).getString("status")).isEqualTo("WAITING");
    TestApp.awaitCondition(() -> "ACTIVE".equals(app.currentToken(second).getString("status")), "second active");
    assertThat(app.currentToken(first).getString("status")).isEqualTo("EXPIRED");
    assertCode(app.callAndWait(HttpMethod.GET, "/api/v1/concerts/1/schedules", first, null), 401, "TOKEN_EXPIRED");
  }

  /** The script's bucket saves up at most one second's worth of admissions, however long it idled. */
  @Test
  void aLongIdleQueueAdmitsOneSecondsWorthNotMore() {
    app = apps.start(HandTicks.NO_TICKS);
    RedisQueueStore store = new RedisQueueStore(app.redis());
    for (int i = 0; i < 50; i++) {
      issue(store);
    }
    // The last admission a minute ago (Redis's clock), nothing saved: 600 admissions' worth of time.
    long redisNowMillis = TestApp.await(app.redis().send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.TIME)))
        .get(0).toLong() * 1000;
    TestApp.await(app.redis().send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.HSET)
        .arg("queue:{q}:bucket").arg("credit").arg("0").arg("last").arg(Long.toString(redisNowMillis - 60_000))));
    RoomAdmissions admissions = new RoomAdmissions(app.redis(), HandTicks.TIMING);
    Room slow = Room.serviceWide(10, 1000);
    assertThat(TestApp.await(admissions.admit(slow)).admitted()).isEqualTo(10);
    // The credit is spent: an immediate second tick admits (almost) nothing.
    assertThat(TestApp.await(admissions.admit(slow)).admitted()).isLessThanOrEqualTo(1);
    assertThat(TestApp.await(store.activeCount(HandTicks.ALL))).isLessThanOrEqualTo(11);
  }

  @Test
  void fiveInstancesTickingTogetherAdmitNoMoreThanTheRate() {
    app = apps.start(Map.of("CONCERT_QUEUE_ADMIT_INTERVAL_MS", "60000"));
    RedisQueueStore store = new RedisQueueStore(app.redis());
    for (int i = 0; i < 400; i++) {
      issue(store);
    }
    int rate = 50;
    // Five independent clients (as five instances would be), each ticking every 10 ms.
    List<Vertx> instances = new ArrayList<>();
    List<Future<Long>> totals = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      Vertx vertx = Vertx.vertx();
      instances.add(vertx);
      Redis redis = RedisClients.create(vertx, app.config());
      totals.add(tickFor(vertx, new RoomAdmissions(redis, HandTicks.TIMING), Room.serviceWide(rate, 100_000), 2_000));
    }
    long admitted = TestApp.await(Future.all(totals)).<Long>list().stream().mapToLong(Long::longValue).sum();
    double seconds = (System.nanoTime() - started) / 1e9;
    instances.forEach(v -> TestApp.await(v.close()));
    // The bucket starts with one second's worth (queue_admit.lua), so in t seconds at most
    // rate*(t+1) can be admitted; one instance ticking alone would earn the same, so five must
    // not come close to five times that.
    assertThat(admitted).isLessThanOrEqualTo((long) Math.ceil(rate * (seconds + 1)) + 1);
    assertThat(admitted).isGreaterThanOrEqualTo((long) (rate * 1.5));
    assertThat(TestApp.await(store.activeCount(HandTicks.ALL))).isEqualTo(admitted);
  }

  private static Future<Long> tickFor(Vertx vertx, RoomAdmissions admissions, Room room, long millis) {
    io.vertx.core.Promise<Long> done = io.vertx.core.Promise.promise();
    long[] admitted = {0};
    // Calls still in flight when time is up count too (on a loaded box they can be many).
    int[] inFlight = {0};
    boolean[] over = {false};
    long end = System.currentTimeMillis() + millis;
    vertx.setPeriodic(10, id -> {
      if (System.currentTimeMillis() >= end) {
        vertx.cancelTimer(id);
        over[0] = true;
        if (inFlight[0] == 0) {
          done.tryComplete(admitted[0]);
        }
        return;
      }
      inFlight[0]++;
      admissions.admit(room).onComplete(a -> {
        inFlight[0]--;
        if (a.succeeded()) {
          admitted[0] += a.result().admitted();
        }
        if (over[0] && inFlight[0] == 0) {
          done.tryComplete(admitted[0]);
        }
      });
    });
    return done.future();
  }

  /** A new user's token in the service-wide room, straight through the script. */
  private static void issue(RedisQueueStore store) {
    TestApp.await(store.issue(HandTicks.ALL, UUID.randomUUID().toString(), UUID.randomUUID().toString(), Instant.now().getEpochSecond()));
  }

  private List<String> states(List<String> tokens) {
    return tokens.stream().map(t -> app.currentToken(t).getString("status")).collect(Collectors.toList());
  }

  private static void assertCode(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo(code);
  }
}
