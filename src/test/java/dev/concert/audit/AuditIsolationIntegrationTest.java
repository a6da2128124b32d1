package dev.concert.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.seats.SeatKeys;
import dev.concert.support.Shop;
import dev.concert.support.TestApp;
import dev.concert.support.TestAppExtension;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audit runs on its own Postgres connection with its own time limit: a request pool that is
 * fully taken does not stop it, an audit stuck in Postgres does not stop requests, a statement
 * past the limit ends the round with a clear 503, and Redis is read in bounded HSCAN steps.
 */
class AuditIsolationIntegrationTest {
  private static final long PRICE = 3_000;
  /** One connection: a request pool the audit would exhaust at once if it used it. */
  private static final Map<String, String> POOL_OF_ONE = Map.of(
      "CONCERT_PG_POOL_SIZE", "1", "CONCERT_AUDIT_INTERVAL_SECONDS", "0");
  @RegisterExtension final TestAppExtension apps = new TestAppExtension();
  private TestApp app;
  private PgConnection outsider;
  /** Another connection of the test's: pg_stat_activity reads one snapshot per transaction, so not the outsider's. */
  private PgConnection observer;

  @AfterEach
  void closeOutsiders() {
    for (PgConnection conn : new PgConnection[] {outsider, observer}) {
      if (conn != null) {
        TestApp.await(conn.close());
      }
    }
  }

  private Future<HttpResponse<Buffer>> audit(Shop shop) {
    return shop.admin(HttpMethod.GET, "/api/v1/admin/audit", null);
  }

  /** A connection of the test's own, outside the service's pool, holding {@code balances} locked until closed. */
  private void lockBalancesOutsideTheService() {
    outsider = TestApp.await(PgConnection.connect(app.vertx(), PgConnectOptions.fromUri(app.config().pgUri())));
    observer = TestApp.await(PgConnection.connect(app.vertx(), PgConnectOptions.fromUri(app.config().pgUri())));
    TestApp.await(outsider.query("BEGIN").execute()
        .compose(begun -> outsider.query("LOCK TABLE balances IN ACCESS EXCLUSIVE MODE").execute()));
  }

  private long auditSessions(String condition) {
    return TestApp.await(observer.query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        + "AND application_name = '" + AuditConnection.APPLICATION_NAME + "'" + condition).execute())
        .iterator().next().getLong(0);
  }

  @Test
  void theAuditRunsWhileTheRequestPoolIsFullyTaken() {
    app = apps.start(POOL_OF_ONE);
    Shop shop = new Shop(app);
    long schedule = shop.schedule(10, PRICE, Duration.ofDays(3));
    shop.buy(schedule, List.of(1), PRICE);
    SqlConnection theOnlyPooledConnection = TestApp.await(app.pool().getConnection());
    try {
      HttpResponse<Buffer> report = TestApp.await(audit(shop));
      assertThat(report.statusCode()).as(report.bodyAsString()).isEqualTo(200);
      assertThat(report.bodyAsJsonObject().getLong("discrepancies")).isZero();
    } finally {
      TestApp.await(theOnlyPooledConnection.close());
    }
  }

  @Test
  void anAuditWaitingInPostgresDoesNotHoldUpRequests() {
    app = apps.start(POOL_OF_ONE);
    Shop shop = new Shop(app);
    long schedule = shop.schedule(10, PRICE, Duration.ofDays(3));
    TestApp.ActiveUser buyer = app.activeUser();
    lockBalancesOutsideTheService();

    Future<HttpResponse<Buffer>> stuck = audit(shop);
    TestApp.awaitCondition(() -> auditSessions(" AND wait_event_type = 'Lock'") == 1,
        "the audit to wait for the locked table on its own connection");
    // The pool's one connection is free for requests: a hold (Redis and Postgres) goes through.
    shop.hold(buyer, schedule, List.of(2));
    assertThat(stuck.isComplete()).isFalse();

    TestApp.await(outsider.query("COMMIT").execute());
    HttpResponse<Buffer> report = TestApp.await(stuck);
    assertThat(report.statusCode()).as(report.bodyAsString()).isEqualTo(200);
    assertThat(report.bodyAsJsonObject().getLong("discrepancies")).isZero();
  }

  @Test
  void aStatementPastTheTimeLimitEndsTheRoundWithAClearAnswer() {
    app = apps.start(Map.of("CONCERT_AUDIT_INTERVAL_SECONDS", "0", "CONCERT_AUDIT_TIME_LIMIT_MS", "500"));
    Shop shop = new Shop(app);
    lockBalancesOutsideTheService();

    HttpResponse<Buffer> stopped = TestApp.await(audit(shop));
    assertThat(stopped.statusCode()).as(stopped.bodyAsString()).isEqualTo(503);
    JsonObject problem = stopped.bodyAsJsonObject();
    assertThat(problem.getString("code")).isEqualTo("UNAVAILABLE");
    assertThat(problem.getString("detail")).contains("did not finish within its time limit of 500 ms");
    // The round's session is gone (not left waiting in Postgres), and the next round works.
    TestApp.awaitCondition(() -> auditSessions("") == 0, "the stopped round's session to end");
    TestApp.await(outsider.query("COMMIT").execute());
    HttpResponse<Buffer> next = TestApp.await(audit(shop));
    assertThat(next.statusCode()).as(next.bodyAsString()).isEqualTo(200);
  }

  @Test
  void redisIsReadInBoundedStepsNotOneCommandPerHall() {
    app = apps.start(Map.of("CONCERT_AUDIT_INTERVAL_SECONDS", "0"));
    Shop shop = new Shop(app);
    long schedule = shop.schedule(10, PRICE, Duration.ofDays(3));
    // A big hall's worth of seats Redis says are sold and Postgres does not know of.
    int seats = 5 * RedisSeatScan.STEP;
    Request planted = Request.cmd(Command.HSET).arg(SeatKeys.seats(schedule));
    for (int seat = 1; seat <= seats; seat++) {
      planted.arg(seat).arg("S:" + UUID.randomUUID());
    }
    TestApp.await(app.redis().send(planted));
    TestApp.await(app.redis().send(Request.cmd(Command.CONFIG).arg("RESETSTAT")));

    HttpResponse<Buffer> report = TestApp.await(audit(shop));
    assertThat(report.statusCode()).as(report.bodyAsString()).isEqualTo(200);
    assertThat(report.bodyAsJsonObject().getJsonObject("checks").getJsonObject(Auditor.REDIS_CHECK).getLong("count"))
        .isEqualTo(seats);
    String stats = TestApp.await(app.redis().send(Request.cmd(Command.INFO).arg("commandstats"))).toString();
    assertThat(calls(stats, "hscan")).isGreaterThanOrEqualTo(seats / RedisSeatScan.STEP);
    assertThat(calls(stats, "hgetall")).isZero();
  }

  private static long calls(String commandStats, String command) {
    Matcher found = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(commandStats);
    return found.find() ? Long.parseLong(found.group(1)) : 0;
  }
}
