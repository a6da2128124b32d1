package dev.concert.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.cluster.ClusterHarness.Instance;
import dev.concert.support.MachineWide;
import dev.concert.support.TestApp;
import dev.concert.support.TestApp.ActiveUser;
import dev.concert.support.Wait;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Roles split over two JVMs: an HTTP-only edge in front of a features-only instance serves the
 * contract over the clustered bus; without the features the edge answers 503 at once; a new
 * features instance brings the service back.
 */
@MachineWide(MachineWide.CLUSTERED_JVMS)
class ClusterRolesIntegrationTest {
  private static final String FEATURES = "queue,concert,reservation,payment,relay,sales";
  private static final long PRICE = 10_000;
  private ClusterHarness cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void anHttpOnlyEdgeServesHoldAndPayThroughAFeaturesOnlyInstanceAnswers503WithoutItAndRecovers() {
    cluster = ClusterHarness.start(List.of(Map.of("CONCERT_ROLES", "http"), Map.of("CONCERT_ROLES", FEATURES)), Map.of());
    Instance edge = cluster.instance(0);
    assertThat(cluster.instance(1).servesHttp()).isFalse();

    long schedule = edge.newSchedule("Split roles", 10, PRICE);
    holdAndPay(edge, schedule, 1);

    // SIGKILL: the cluster learns it only later.
    Process features = cluster.instance(1).process();
    features.destroyForcibly();
    awaitExit(features);
    // A request that races the death (written to the connection before the edge has seen it
    // close) waits for the bus timeout: Vert.x 5.0.10 drops that write's failure (docs/cluster.md).
    HttpResponse<Buffer> racing = edge.callAndWait(HttpMethod.GET, "/api/v1/concerts", null, null);
    assertThat(racing.statusCode()).as(racing.bodyAsString()).isEqualTo(503);
    // From then on every request that needs a feature fails fast with 503 UNAVAILABLE, before
    // and after the cluster has noticed the member is gone.
    Wait.until(() -> {
      assertFast503(edge, HttpMethod.GET, "/api/v1/concerts", null);
      assertFast503(edge, HttpMethod.POST, "/api/v1/queue/tokens",
          new JsonObject().put("userId", java.util.UUID.randomUUID().toString()));
      return edge.clusterSize() == 1;
    }, "the edge to see the features instance gone", Duration.ofSeconds(60));
    assertFast503(edge, HttpMethod.GET, "/api/v1/concerts", null);

    cluster.restart(1, 2);
    Wait.until(() -> edge.callAndWait(HttpMethod.GET, "/api/v1/concerts", null, null).statusCode() == 200,
        "the edge to reach the restarted features", Duration.ofSeconds(30));
    holdAndPay(edge, schedule, 2);
  }

  private static void awaitExit(Process process) {
    try {
      assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("killed").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void holdAndPay(Instance edge, long schedule, int seat) {
    ActiveUser user = edge.join();
    Wait.until(() -> "ACTIVE".equals(edge.status(user)), "an ACTIVE token", Duration.ofSeconds(30));
    assertThat(edge.callAndWait(HttpMethod.POST, "/api/v1/balance/charge", user.token(), new JsonObject().put("amount", PRICE))
        .statusCode()).isEqualTo(200);
    HttpResponse<Buffer> held = edge.callAndWait(HttpMethod.POST, "/api/v1/reservations", user.token(),
        new JsonObject().put("scheduleId", schedule).put("seatNumbers", new JsonArray().add(seat)));
    assertThat(held.statusCode()).as(held.bodyAsString()).isEqualTo(201);
    String reservationId = held.bodyAsJsonObject().getString("reservationId");
    HttpResponse<Buffer> paid = edge.callAndWait(HttpMethod.POST, "/api/v1/payments", user.token(),
        new JsonObject().put("reservationId", reservationId));
    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
    assertThat(edge.callAndWait(HttpMethod.GET, "/api/v1/reservations/" + reservationId, user.token(), null)
        .bodyAsJsonObject().getString("status")).isEqualTo("PAID");
    assertThat(edge.callAndWait(HttpMethod.GET, "/api/v1/balance", user.token(), null).bodyAsJsonObject().getLong("balance"))
        .isZero();
    // The other replies cross the cluster too: the caller's reservations with tickets, the ledger.
    HttpResponse<Buffer> mine = edge.callAndWait(HttpMethod.GET, "/api/v1/reservations", user.token(), null);
    assertThat(mine.statusCode()).as(mine.bodyAsString()).isEqualTo(200);
    assertThat(mine.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getJsonArray("tickets")).hasSize(1);
    doorKeyAndTrail(edge, schedule, mine.bodyAsJsonObject().getJsonArray("items").getJsonObject(0)
        .getJsonArray("tickets").getJsonObject(0).getString("code"));
    HttpResponse<Buffer> ledger = edge.callAndWait(HttpMethod.GET, "/api/v1/balance/transactions", user.token(), null);
    assertThat(ledger.statusCode()).as(ledger.bodyAsString()).isEqualTo(200);
    assertThat(ledger.bodyAsJsonObject().getJsonArray("items")).hasSize(2);
    // The seat map (a rendered Buffer reply) crosses the cluster too; the token ended with the payment.
    ActiveUser viewer = edge.join();
    Wait.until(() -> "ACTIVE".equals(edge.status(viewer)), "an ACTIVE token", Duration.ofSeconds(30));
    String cancelled = edge.hold(viewer, schedule, List.of(seat + 5));
    assertThat(edge.callAndWait(HttpMethod.DELETE, "/api/v1/reservations/" + cancelled, viewer.token(), null).statusCode())
        .isEqualTo(204);
    JsonArray seats = edge.callAndWait(HttpMethod.GET, "/api/v1/schedules/" + schedule + "/seats", viewer.token(), null)
        .bodyAsJsonObject().getJsonArray("items");
    assertThat(seats.getJsonObject(seat - 1).getString("status")).isEqualTo("SOLD");
  }

  /** The door's messages and the trail's cross the cluster too: a key issued, the ticket checked in, the trail read, the key revoked. */
  private static void doorKeyAndTrail(Instance edge, long schedule, String ticket) {
    HttpResponse<Buffer> key = TestApp.await(edge.client().post("/api/v1/admin/door-keys").putHeader("Admin-Key", TestApp.ADMIN_KEY)
        .timeout(30_000).sendJsonObject(new JsonObject().put("scheduleId", schedule).put("label", "split roles")));
    assertThat(key.statusCode()).as(key.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> admitted = TestApp.await(edge.client().post("/api/v1/door/check-in")
        .putHeader("Door-Key", key.bodyAsJsonObject().getString("key")).timeout(30_000)
        .sendJsonObject(new JsonObject().put("code", ticket)));
    assertThat(admitted.statusCode()).as(admitted.bodyAsString()).isEqualTo(200);
    JsonObject newest = edge.operatorGet("/api/v1/admin/actions?limit=1").bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(newest.getString("actor")).isEqualTo("door:" + key.bodyAsJsonObject().getString("keyId"));
    HttpResponse<Buffer> revoked = TestApp.await(edge.client().delete("/api/v1/admin/door-keys/" + key.bodyAsJsonObject()
        .getString("keyId")).putHeader("Admin-Key", TestApp.ADMIN_KEY).timeout(30_000).send());
    assertThat(revoked.statusCode()).as(revoked.bodyAsString()).isEqualTo(204);
  }

  private static void assertFast503(Instance edge, HttpMethod method, String path, JsonObject body) {
    long started = System.nanoTime();
    HttpResponse<Buffer> response = edge.callAndWait(method, path, null, body);
    long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
    assertThat(response.statusCode()).as("%s %s: %s", method, path, response.bodyAsString()).isEqualTo(503);
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("UNAVAILABLE");
    assertThat(millis).as("%s %s answered after %d ms", method, path, millis).isLessThan(1_000);
  }
}
