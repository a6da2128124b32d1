package dev.concert.cancellation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.cluster.ClusterHarness;
import dev.concert.infra.PgClients;
import dev.concert.support.MachineWide;
import dev.concert.support.TestApp;
import dev.concert.support.TestApp.ActiveUser;
import dev.concert.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real kill -9 of the instance running a cancellation, half-way: some reservations are kept
 * locked by the test, so the job is stuck in the middle of a refund when the JVM dies. The instance
 * started again finishes the date: every paid reservation refunded exactly once.
 */
@MachineWide(MachineWide.CLUSTERED_JVMS)
class CancellationKillIntegrationTest {
  private static final long PRICE = 3_000;
  private static final int BUYERS = 24;
  private static final int LOCKED = 8;
  private ClusterHarness cluster;
  private Vertx vertx;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
    if (vertx != null) {
      TestApp.await(vertx.close());
    }
  }

  private long count(Pool pool, String sql, Object... params) {
    return TestApp.await(pool.preparedQuery(sql).execute(Tuple.from(params))).iterator().next().getLong(0);
  }

  @Test
  void aKillNineHalfWayLeavesNothingRefundedTwiceAndNothingForgotten() {
    cluster = ClusterHarness.start(1, Map.of());
    vertx = Vertx.vertx();
    Pool pool = PgClients.pool(vertx, cluster.config());
    ClusterHarness.Instance instance = cluster.instance(0);
    long schedule = instance.newSchedule("Killed half-way", BUYERS, PRICE);
    List<ActiveUser> buyers = new ArrayList<>();
    List<UUID> reservations = new ArrayList<>();
    for (int seat = 1; seat <= BUYERS; seat++) {
      ActiveUser buyer = instance.join();
      Wait.until(() -> "ACTIVE".equals(instance.status(buyer)), "the buyer to be admitted");
      assertThat(TestApp.await(instance.charge(buyer, PRICE, null)).statusCode()).isEqualTo(200);
      String reservation = instance.hold(buyer, schedule, List.of(seat));
      HttpResponse<Buffer> paid = TestApp.await(instance.pay(buyer, reservation, null));
      assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
      buyers.add(buyer);
      reservations.add(UUID.fromString(reservation));
    }
    // The test holds some reservations' rows: the job's refund of one of them waits in its transaction.
    SqlConnection locker = TestApp.await(pool.getConnection());
    TestApp.await(locker.query("BEGIN").execute());
    TestApp.await(locker.preparedQuery("SELECT id FROM reservations WHERE id = ANY($1) FOR UPDATE")
        .execute(Tuple.of((Object) reservations.subList(0, LOCKED).toArray(UUID[]::new))));

    HttpResponse<Buffer> accepted = TestApp.await(instance.client().request(HttpMethod.POST,
        "/api/v1/admin/schedules/" + schedule + "/cancel").putHeader("Admin-Key", TestApp.ADMIN_KEY).send());
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    Wait.until(() -> count(pool, "SELECT count(*) FROM cancellation_refunds WHERE schedule_id = $1", schedule)
        == BUYERS - LOCKED, "the unlocked reservations to be refunded");
    Wait.until(() -> count(pool, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'") > 0,
        "the job to be waiting in a refund of a locked reservation");
    instance.process().destroyForcibly();
    TestApp.await(locker.query("ROLLBACK").execute());
    locker.close();
    assertThat(count(pool, "SELECT count(*) FROM schedules WHERE id = $1 AND status = 'CANCELLING'", schedule)).isEqualTo(1);

    ClusterHarness.Instance restarted = cluster.restart(0, 1);
    Wait.until(() -> count(pool, "SELECT count(*) FROM schedules WHERE id = $1 AND status = 'CANCELLED'", schedule) == 1,
        "the restarted instance to finish the cancellation");
    for (int i = 0; i < BUYERS; i++) {
      UUID id = reservations.get(i);
      assertThat(count(pool, "SELECT count(*) FROM ledger_entries WHERE reference = $1 AND type = 'REFUND'", id.toString()))
          .as("refunds of " + id).isEqualTo(1);
      assertThat(count(pool, "SELECT count(*) FROM outbox WHERE event_key = $1 AND event_type = 'ReservationRefunded'",
          id.toString())).isEqualTo(1);
      assertThat(restarted.balance(buyers.get(i))).isEqualTo(PRICE);
    }
    assertThat(count(pool, "SELECT count(*) FROM cancellation_refunds WHERE schedule_id = $1", schedule)).isEqualTo(BUYERS);
    HttpResponse<Buffer> progress = TestApp.await(restarted.client().request(HttpMethod.GET, "/api/v1/admin/schedules/" + schedule)
        .putHeader("Admin-Key", TestApp.ADMIN_KEY).send());
    assertThat(progress.bodyAsJsonObject().getLong("refundsDone")).isEqualTo(BUYERS);
    assertThat(progress.bodyAsJsonObject().getLong("refundsTotal")).isEqualTo(BUYERS);
  }
}
