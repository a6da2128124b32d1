package dev.concert.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.cluster.ClusterHarness.Instance;
import dev.concert.infra.PgClients;
import dev.concert.support.MachineWide;
import dev.concert.support.TestApp.ActiveUser;
import dev.concert.support.TestApp;
import dev.concert.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Instances that die: kill -9 mid-traffic, and SIGTERM with a request in flight. */
@MachineWide(MachineWide.CLUSTERED_JVMS)
class ClusterFailureIntegrationTest {
  private static final long PRICE = 10_000;
  private ClusterHarness cluster;
  private Vertx vertx;
  private Pool pool;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
    if (vertx != null) {
      TestApp.await(vertx.close());
    }
  }

  private void startPair(Map<String, String> overrides) {
    cluster = ClusterHarness.start(2, overrides);
    vertx = Vertx.vertx();
    pool = PgClients.pool(vertx, cluster.config());
  }

  private List<Row> rows(String sql, Object... params) {
    List<Row> rows = new ArrayList<>();
    TestApp.await(pool.preparedQuery(sql).execute(Tuple.from(params))).forEach(rows::add);
    return rows;
  }

  private static ActiveUser activeUser(Instance joinOn, Instance checkOn) {
    ActiveUser user = joinOn.join();
    Wait.until(() -> "ACTIVE".equals(checkOn.status(user)), "an ACTIVE token", Duration.ofSeconds(30));
    return user;
  }

  /** One user's flow: hold on one instance, pay on the other; records what was acknowledged. */
  private static Future<Void> holdAndPay(Instance holdOn, Instance payOn, ActiveUser user, long schedule, int seat,
      Map<String, UUID> heldAcknowledged, Map<String, UUID> paidAcknowledged) {
    return holdOn.call(HttpMethod.POST, "/api/v1/reservations", user.token(),
            new JsonObject().put("scheduleId", schedule).put("seatNumbers", new JsonArray().add(seat)))
        .compose(held -> {
          if (held.statusCode() != 201) {
            return Future.failedFuture("hold answered " + held.statusCode() + " " + held.bodyAsString());
          }
          String reservationId = held.bodyAsJsonObject().getString("reservationId");
          heldAcknowledged.put(reservationId, user.userId());
          return payOn.call(HttpMethod.POST, "/api/v1/payments", user.token(), new JsonObject().put("reservationId", reservationId))
              .compose(paid -> {
                if (paid.statusCode() != 201) {
                  return Future.failedFuture("payment answered " + paid.statusCode() + " " + paid.bodyAsString());
                }
                paidAcknowledged.put(reservationId, user.userId());
                return Future.<Void>succeededFuture();
              });
        });
  }

  @Test
  void killingOneInstanceMidTrafficLosesNoCommittedReservationOrPaymentAndTheOtherKeepsServing() {
    startPair(Map.of());
    Instance doomed = cluster.instance(0);
    Instance survivor = cluster.instance(1);
    int users = 60;
    long schedule = survivor.newSchedule("Crash", users + 10, PRICE);
    List<ActiveUser> people = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      people.add(i % 2 == 0 ? doomed.join() : survivor.join());
    }
    Wait.until(() -> people.stream().allMatch(u -> "ACTIVE".equals(survivor.status(u))),
        "every user to be ACTIVE", Duration.ofSeconds(60));
    List<Future<HttpResponse<Buffer>>> charges = new ArrayList<>();
    people.forEach(u -> charges.add(survivor.call(HttpMethod.POST, "/api/v1/balance/charge", u.token(), new JsonObject().put("amount", 50_000))));
    TestApp.await(Future.all(charges));

    // Traffic: every flow touches both instances (hold on one, pay on the other), all at once.
    Map<String, UUID> held = new ConcurrentHashMap<>();
    Map<String, UUID> paid = new ConcurrentHashMap<>();
    AtomicInteger finished = new AtomicInteger();
    List<Future<Void>> flows = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      Instance first = i % 2 == 0 ? doomed : survivor;
      Instance second = i % 2 == 0 ? survivor : doomed;
      flows.add(holdAndPay(first, second, people.get(i), schedule, i + 1, held, paid).onComplete(done -> finished.incrementAndGet()));
    }
    Wait.until(() -> held.size() >= users / 4, "some holds to be acknowledged", Duration.ofSeconds(60));
    int finishedBeforeKill = finished.get();
    doomed.process().destroyForcibly();  // SIGKILL: no goodbye to the cluster, no draining
    assertThat(finishedBeforeKill).as("flows still running when the instance died").isLessThan(users);
    TestApp.await(Future.join(flows).otherwiseEmpty());
    assertThat(finished.get()).isEqualTo(users);

    // Every acknowledged hold and payment is in Postgres; every payment debited once.
    for (Map.Entry<String, UUID> hold : held.entrySet()) {
      List<Row> found = rows("SELECT status FROM reservations WHERE id = $1::uuid", hold.getKey());
      assertThat(found).as("reservation %s", hold.getKey()).hasSize(1);
      assertThat(found.get(0).getString("status")).isIn("HELD", "PAID");
    }
    for (String reservationId : paid.keySet()) {
      assertThat(rows("SELECT status FROM reservations WHERE id = $1::uuid", reservationId).get(0).getString("status")).isEqualTo("PAID");
      assertThat(rows("SELECT count(*) FROM payments WHERE reservation_id = $1::uuid", reservationId).get(0).getLong(0)).isEqualTo(1);
    }
    for (ActiveUser user : people) {
      long paidCount = rows("SELECT count(*) FROM reservations WHERE user_id = $1::uuid AND status = 'PAID'", user.userId().toString()).get(0).getLong(0);
      long payments = rows("SELECT count(*) FROM payments WHERE user_id = $1::uuid", user.userId().toString()).get(0).getLong(0);
      assertThat(payments).isEqualTo(paidCount);
      assertThat(survivor.callAndWait(HttpMethod.GET, "/api/v1/balance", user.token(), null).bodyAsJsonObject().getLong("balance"))
          .isEqualTo(50_000 - paidCount * PRICE);
    }
    // No seat is taken twice, whatever was cut off.
    assertThat(rows("SELECT count(*) FROM (SELECT seat_number FROM reservation_seats rs JOIN reservations r ON r.id = rs.reservation_id "
        + "WHERE r.schedule_id = $1 AND r.status IN ('HELD','PAID') GROUP BY seat_number HAVING count(*) > 1) dup", schedule)
        .get(0).getLong(0)).isZero();

    // The survivor serves on, alone, and the cluster notices the loss.
    Wait.until(() -> survivor.clusterSize() == 1, "the survivor to see a cluster of one", Duration.ofSeconds(60));
    ActiveUser late = activeUser(survivor, survivor);
    survivor.callAndWait(HttpMethod.POST, "/api/v1/balance/charge", late.token(), new JsonObject().put("amount", 50_000));
    HttpResponse<Buffer> lateHold = survivor.callAndWait(HttpMethod.POST, "/api/v1/reservations", late.token(),
        new JsonObject().put("scheduleId", schedule).put("seatNumbers", new JsonArray().add(users + 5)));
    assertThat(lateHold.statusCode()).as(lateHold.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> latePayment = survivor.callAndWait(HttpMethod.POST, "/api/v1/payments", late.token(),
        new JsonObject().put("reservationId", lateHold.bodyAsJsonObject().getString("reservationId")));
    assertThat(latePayment.statusCode()).as(latePayment.bodyAsString()).isEqualTo(201);
  }

  @Test
  void sigtermAnswersTheRequestInFlightStopsAcceptingLeavesTheClusterAndExitsZero() throws Exception {
    startPair(Map.of("CONCERT_SHUTDOWN_GRACE_MS", "30000", "CONCERT_HOLD_SECONDS", "1"));
    Instance leaving = cluster.instance(0);
    Instance staying = cluster.instance(1);
    holdsStillExpireOnTimeWithOneSweeperPerSlot(leaving, staying);
    byte[] body = new JsonObject().put("userId", UUID.randomUUID().toString()).encode().getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", leaving.port()), 5_000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      // The request is in flight: headers and half of the body have arrived when SIGTERM comes.
      out.write(("POST /api/v1/queue/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, body.length / 2);
      out.flush();
      Wait.until(() -> socketIsOpenOnServer(leaving), "the request to reach the server", Duration.ofSeconds(10));

      leaving.process().destroy();  // SIGTERM
      Wait.until(() -> !accepts(leaving.port()), "the instance to stop accepting connections", Duration.ofSeconds(30));
      assertThat(leaving.process().isAlive()).as("still finishing the request in flight").isTrue();

      out.write(body, body.length / 2, body.length - body.length / 2);
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      assertThat(in.readLine()).isEqualTo("HTTP/1.1 201 Created");
    }
    assertThat(leaving.process().waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
    assertThat(leaving.process().exitValue()).as(leaving.logTail()).isZero();

    Wait.until(() -> staying.clusterSize() == 1, "the other instance to see it leave", Duration.ofSeconds(30));
    ActiveUser user = activeUser(staying, staying);
    assertThat(staying.status(user)).isEqualTo("ACTIVE");
  }

  /** The sweep runs in one instance per slot (cluster lock); a hold still frees within 2 s of heldUntil. */
  private void holdsStillExpireOnTimeWithOneSweeperPerSlot(Instance holdOn, Instance watchOn) {
    long schedule = holdOn.newSchedule("Lapse", 5, PRICE);
    ActiveUser user = activeUser(holdOn, watchOn);
    HttpResponse<Buffer> held = holdOn.callAndWait(HttpMethod.POST, "/api/v1/reservations", user.token(),
        new JsonObject().put("scheduleId", schedule).put("seatNumbers", new JsonArray().add(3)));
    assertThat(held.statusCode()).as(held.bodyAsString()).isEqualTo(201);
    String reservationId = held.bodyAsJsonObject().getString("reservationId");
    Instant heldUntil = Instant.parse(held.bodyAsJsonObject().getString("heldUntil"));
    long heldUntilNanos = System.nanoTime() + Duration.between(Instant.now(), heldUntil).toNanos();
    Wait.within(Duration.ofSeconds(2), heldUntilNanos, () -> "EXPIRED".equals(watchOn.callAndWait(HttpMethod.GET,
        "/api/v1/reservations/" + reservationId, user.token(), null).bodyAsJsonObject().getString("status")),
        "the hold to expire after its heldUntil");
    JsonArray seats = watchOn.callAndWait(HttpMethod.GET, "/api/v1/schedules/" + schedule + "/seats", user.token(), null)
        .bodyAsJsonObject().getJsonArray("items");
    assertThat(seats.getJsonObject(2).getString("status")).isEqualTo("AVAILABLE");
  }

  /**
   * Whether the server has taken our connection: connections are accepted in order from one
   * listening socket, so once a later one has been answered, ours was accepted before it.
   */
  private static boolean socketIsOpenOnServer(Instance instance) {
    return instance.callAndWait(HttpMethod.GET, "/health/live", null, null).statusCode() == 200;
  }

  private static boolean accepts(int port) {
    try (Socket probe = new Socket()) {
      probe.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

}
