package dev.concert.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.config.AppConfig;
import dev.concert.support.SeatMaps;
import dev.concert.support.ServiceClient;
import dev.concert.support.Shop;
import dev.concert.support.TestApp.ActiveUser;
import dev.concert.support.TestApp;
import dev.concert.support.Wait;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis loses its data (FLUSHDB) while two instances serve a hold-and-pay workload: Postgres's
 * record is rebuilt into Redis without a restart, nothing is sold twice or answered with a 5xx, and
 * no buyer's token is lost (each takes back its place and is admitted again).
 */
class RedisLossIntegrationTest {
  private static final int SEATS = 40;
  private static final int BUYERS = 16;

  private TestApp app;
  private TestApp second;

  @AfterEach
  void stop() {
    if (second != null) {
      second.close();
    }
    if (app != null) {
      app.close();
    }
  }

  @Test
  void aFlushUnderHoldsAndPaymentsIsRebuiltWithinFiveSecondsWithNoDoubleSaleAndNo5xx() {
    app = TestApp.start();
    second = TestApp.resume(AppConfig.from(TestApp.environment(Map.of())));
    JsonArray dates = app.createConcert("Loss", SEATS, 1_000, Duration.ofDays(30), 2).getJsonArray("schedules");
    List<Long> schedules = List.of(dates.getJsonObject(0).getLong("scheduleId"), dates.getJsonObject(1).getLong("scheduleId"));
    Shop shop = new Shop(app);
    List<ActiveUser> users = app.activeUsers(BUYERS);
    users.forEach(u -> shop.charge(u, 1_000_000));
    double lossesBefore = losses();
    double restoredBefore = counter("concert_queue_tokens_restored");

    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    Buyer.LOST_PLACES.set(0);
    AtomicBoolean stopping = new AtomicBoolean();
    List<Future<Void>> workers = new ArrayList<>();
    for (int i = 0; i < BUYERS; i++) {
      Buyer buyer = new Buyer(users.get(i), i % 2 == 0 ? app : second, schedules, statuses, stopping);
      workers.add(buyer.run());
    }
    TestApp.awaitCondition(() -> count(statuses, 201) >= 20, "the workload to get going");

    long flushedAt = System.nanoTime();
    TestApp.await(app.redis().send(Request.cmd(Command.FLUSHDB)));
    // The workload goes on through the loss and the rebuild.
    long workUntil = flushedAt + Duration.ofMillis(1_500).toNanos();
    TestApp.awaitCondition(() -> System.nanoTime() > workUntil, "the workload to run on after the flush");
    stopping.set(true);
    TestApp.await(Future.all(workers));

    // Both instances' seat maps tell Postgres's truth within 5 s of the loss.
    ActiveUser viewer = app.activeUser();
    Map<String, String> truth = SeatMaps.truth(app.pool());
    StringBuilder lastSeen = new StringBuilder();
    Wait.within(Duration.ofSeconds(5), flushedAt, () -> {
      lastSeen.setLength(0);
      return matches("first", app, viewer, schedules, truth, lastSeen)
          & matches("second", second, viewer, schedules, truth, lastSeen);
    }, () -> "the seat maps to match Postgres after the flush; last seen: " + lastSeen);

    assertThat(statuses.keySet()).as("statuses %s", statuses).allMatch(status -> status < 500);
    assertThat(count(statuses, 201)).isGreaterThan(20);
    // Every buyer's token came through the loss: none was told it had expired without having paid.
    assertThat(Buyer.LOST_PLACES.get()).isZero();
    assertThat(counter("concert_queue_tokens_restored") - restoredBefore).isGreaterThanOrEqualTo(1);
    long doubleSold = TestApp.await(app.pool().query(
        "SELECT count(*) FROM (SELECT schedule_id, seat_number FROM reservation_seats WHERE status IN ('HELD', 'PAID') "
            + "GROUP BY 1, 2 HAVING count(*) > 1) twice").execute()).iterator().next().getLong(0);
    assertThat(doubleSold).isZero();
    long paidWithoutOnePayment = TestApp.await(app.pool().query(
        "SELECT count(*) FROM reservations r WHERE r.status = 'PAID' "
            + "AND (SELECT count(*) FROM payments p WHERE p.reservation_id = r.id) <> 1").execute()).iterator().next().getLong(0);
    assertThat(paidWithoutOnePayment).isZero();
    // Each instance noticed the loss (and counted it).
    assertThat(losses() - lossesBefore).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aLossAtRestIsNoticedOnTheNextTickAndTheSeatsComeBack() {
    app = TestApp.start();
    Shop shop = new Shop(app);
    long schedule = shop.schedule(10, 1_000, Duration.ofDays(30));
    shop.buy(schedule, List.of(1, 2), 1_000);
    ActiveUser holder = app.activeUser();
    shop.hold(holder, schedule, List.of(3));
    double lossesBefore = losses();

    TestApp.await(app.redis().send(Request.cmd(Command.FLUSHDB)));
    ActiveUser viewer = app.activeUser();
    TestApp.awaitCondition(() -> SeatMaps.served(app, viewer.token(), List.of(schedule))
        .equals(Map.of(schedule + "/1", "SOLD", schedule + "/2", "SOLD", schedule + "/3", "HELD")), "the seats to come back");
    assertThat(losses() - lossesBefore).isEqualTo(1);
  }

  /** A buyer looping until told to stop: hold a seat; pay for about a third, cancel the rest. */
  private static final class Buyer {
    /** 401s on a token that had not paid: a place the queue lost (the restore must make these 0). */
    static final AtomicInteger LOST_PLACES = new AtomicInteger();
    private final ServiceClient client;
    private final List<Long> schedules;
    private final Map<Integer, AtomicInteger> statuses;
    private final AtomicBoolean stopping;
    private final String userId;
    private final Promise<Void> done = Promise.promise();
    private String token;
    private boolean paid;

    Buyer(ActiveUser user, ServiceClient client, List<Long> schedules, Map<Integer, AtomicInteger> statuses, AtomicBoolean stopping) {
      this.client = client;
      this.schedules = schedules;
      this.statuses = statuses;
      this.stopping = stopping;
      this.token = user.token();
      this.userId = user.userId().toString();
    }

    Future<Void> run() {
      next();
      return done.future();
    }

    private void next() {
      if (stopping.get()) {
        done.tryComplete();
        return;
      }
      ThreadLocalRandom random = ThreadLocalRandom.current();
      long schedule = schedules.get(random.nextInt(schedules.size()));
      JsonObject body = new JsonObject().put("scheduleId", schedule).put("seatNumbers", new JsonArray().add(1 + random.nextInt(SEATS)));
      call(HttpMethod.POST, "/api/v1/reservations", body).compose(held -> {
        if (held.statusCode() == 201) {
          String id = held.bodyAsJsonObject().getString("reservationId");
          return random.nextInt(3) == 0
              ? call(HttpMethod.POST, "/api/v1/payments", new JsonObject().put("reservationId", id)).andThen(p -> {
                  if (p.succeeded() && p.result().statusCode() == 201) {
                    paid = true;
                  }
                })
              : call(HttpMethod.DELETE, "/api/v1/reservations/" + id, null);
        }
        if (held.statusCode() == 401) {
          if (!paid) {
            LOST_PLACES.incrementAndGet();
          }
          paid = false;
          // Paid (a payment ends the token) or the queue lost it: queue again.
          return call(HttpMethod.POST, "/api/v1/queue/tokens", new JsonObject().put("userId", userId)).compose(issued -> {
            if (issued.statusCode() < 300) {
              token = issued.bodyAsJsonObject().getString("token");
            }
            return Future.succeededFuture(issued);
          });
        }
        return Future.succeededFuture(held);
      }).onComplete(ignored -> next());
    }

    private Future<HttpResponse<Buffer>> call(HttpMethod method, String path, JsonObject body) {
      return client.call(method, path, token, body).andThen(answer -> {
        int status = answer.succeeded() ? answer.result().statusCode() : 599;
        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
      });
    }
  }

  /**
   * Whether {@code instance}'s seat maps match {@code truth}; if not, what differs goes into {@code
   * seen}, with Redis's value of each such seat (a stale copy or a stale Redis).
   */
  private boolean matches(String name, TestApp instance, ActiveUser viewer, List<Long> schedules,
      Map<String, String> truth, StringBuilder seen) {
    Map<String, String> served = SeatMaps.served(instance, viewer.token(), schedules);
    if (served.equals(truth)) {
      return true;
    }
    java.util.Set<String> seats = new java.util.TreeSet<>(served.keySet());
    seats.addAll(truth.keySet());
    seen.append(name).append(" instance:");
    for (String seat : seats) {
      if (!java.util.Objects.equals(served.get(seat), truth.get(seat))) {
        String[] parts = seat.split("/");
        Object inRedis = TestApp.await(app.redis().send(Request.cmd(Command.HGET)
            .arg(dev.concert.seats.SeatKeys.seats(Long.parseLong(parts[0]))).arg(parts[1])));
        seen.append(" seat ").append(seat).append(" served ").append(served.get(seat))
            .append(", Postgres ").append(truth.get(seat)).append(", Redis ").append(inRedis).append(';');
      }
    }
    return false;
  }

  private static int count(Map<Integer, AtomicInteger> statuses, int status) {
    AtomicInteger n = statuses.get(status);
    return n == null ? 0 : n.get();
  }

  private static double losses() {
    return counter("concert_redis_data_lost");
  }

  private static double counter(String name) {
    Counter counter = Metrics.globalRegistry.find(name).counter();
    return counter == null ? 0 : counter.count();
  }
}
