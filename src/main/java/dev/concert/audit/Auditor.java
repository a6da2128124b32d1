package dev.concert.audit;

import dev.concert.infra.Resources;
import dev.concert.shared.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reconciles Postgres with itself and with Redis, read-only: each check counts its discrepancies
 * and keeps a few examples. A round runs on its own connection ({@link AuditConnection}), its
 * checks in one read-only REPEATABLE READ snapshot, within a time limit that ends it with a clear
 * failure rather than a hang. Meant for a quiet moment (after a benchmark, during the night): a
 * request in flight can show up as a passing difference between Redis and Postgres.
 */
public final class Auditor {
  static final int EXAMPLES = 5;
  /** The checks that are one SQL statement each, in report order. */
  private static final Map<String, String> SQL_CHECKS = new LinkedHashMap<>();

  static {
    SQL_CHECKS.put("seatsInTwoLiveReservations", Resources.sql("audit/seats_in_two_live_reservations"));
    SQL_CHECKS.put("soldWithoutRightPayment", Resources.sql("audit/sold_without_right_payment"));
    SQL_CHECKS.put("paidWithoutTickets", Resources.sql("audit/paid_without_tickets"));
    SQL_CHECKS.put("balancesOffLedger", Resources.sql("audit/balances_off_ledger"));
    SQL_CHECKS.put("changesWithoutEvent", Resources.sql("audit/changes_without_event"));
  }

  private static final String SCHEDULE_IDS = Resources.sql("audit/schedule_ids");
  private static final String LIVE_SEATS = Resources.sql("audit/live_seats");
  private static final String SNAPSHOT = Resources.sql("audit/snapshot");
  static final String REDIS_CHECK = "redisSeatsOutOfStep";
  /** SQLSTATEs of a statement ended by statement_timeout or lock_timeout. */
  private static final List<String> TIMED_OUT = List.of("57014", "55P03");

  private final Vertx vertx;
  private final PgConnectOptions connection;
  private final RedisSeatScan redis;
  private final int outboxRetentionHours;
  private final long timeLimitMillis;
  private final Clock clock;

  /** @param timeLimitMillis a round's limit, and each of its statements' (statement_timeout, lock_timeout) */
  public Auditor(Vertx vertx, String pgUri, Redis redis, int outboxRetentionHours, long timeLimitMillis, Clock clock) {
    this.vertx = vertx;
    this.connection = AuditConnection.options(pgUri, timeLimitMillis);
    this.redis = new RedisSeatScan(redis);
    this.outboxRetentionHours = outboxRetentionHours;
    this.timeLimitMillis = timeLimitMillis;
    this.clock = clock;
  }

  /**
   * {@code {"checkedAt","discrepancies","checks":{name:{"count","examples"}}}}; also sets the
   * gauges. Fails with 503 UNAVAILABLE when the round could not finish within its time limit.
   */
  public Future<JsonObject> run() {
    String checkedAt = clock.instant().toString();
    Future<PgConnection> opening = AuditConnection.open(vertx, connection);
    return opening.timeout(timeLimitMillis, TimeUnit.MILLISECONDS)
        .recover(failure -> {
          opening.onSuccess(PgConnection::close); // a connection that comes after all is not kept
          return Future.failedFuture(failure);
        })
        .compose(conn -> round(conn)
            .timeout(timeLimitMillis, TimeUnit.MILLISECONDS)
            // Closing ends the session; a statement still running there ends at its statement_timeout, the same limit.
            .eventually(conn::close))
        .recover(failure -> Future.failedFuture(stopped(failure)))
        .map(checks -> report(checkedAt, checks));
  }

  /**
   * Redis first, then Postgres in one snapshot, so that a hold or sale landing in between shows in
   * both. Statements run one after the other: a round takes one connection, one core at a time.
   */
  private Future<Map<String, JsonObject>> round(PgConnection conn) {
    return conn.query(SCHEDULE_IDS).execute().compose(rows -> {
      List<Long> ids = new ArrayList<>();
      rows.forEach(row -> ids.add(row.getLong("id")));
      return redis.redisNow().compose(now -> redis.seats(ids).map(seats -> new RedisSide(now, seats)));
    }).compose(redisSide -> conn.begin().compose(tx -> conn.query(SNAPSHOT).execute()
        .compose(set -> postgresChecks(conn, redisSide))
        .compose(checks -> tx.commit().map(committed -> checks))));
  }

  private record RedisSide(long nowMillis, Map<Long, Map<Integer, String>> seats) {}

  private Future<Map<String, JsonObject>> postgresChecks(SqlConnection conn, RedisSide redisSide) {
    Map<String, JsonObject> checks = new LinkedHashMap<>();
    Future<Void> done = Future.succeededFuture();
    for (Map.Entry<String, String> check : SQL_CHECKS.entrySet()) {
      done = done.compose(previous -> sqlCheck(conn, check.getValue()).map(result -> {
        checks.put(check.getKey(), result);
        return null;
      }));
    }
    return done.compose(sqlDone -> redisCheck(conn, redisSide)).map(result -> {
      checks.put(REDIS_CHECK, result);
      return checks;
    });
  }

  private JsonObject report(String checkedAt, Map<String, JsonObject> checks) {
    JsonObject byName = new JsonObject();
    long total = 0;
    for (Map.Entry<String, JsonObject> check : checks.entrySet()) {
      byName.put(check.getKey(), check.getValue());
      total += check.getValue().getLong("count");
      AuditMetrics.record(check.getKey(), check.getValue().getLong("count"));
    }
    AuditMetrics.ran(clock.instant().getEpochSecond());
    return new JsonObject().put("checkedAt", checkedAt).put("discrepancies", total).put("checks", byName);
  }

  private Throwable stopped(Throwable failure) {
    boolean timedOut = failure instanceof TimeoutException
        || failure instanceof PgException pg && TIMED_OUT.contains(pg.getSqlState());
    String why = timedOut ? "did not finish within its time limit of " + timeLimitMillis + " ms" : "failed";
    return ApiException.unavailable("The audit round " + why + " (" + failure.getMessage()
        + "); it concluded nothing and changed nothing. Retry later, or when the service is quieter.");
  }

  private Future<JsonObject> sqlCheck(SqlConnection conn, String sql) {
    Tuple params = sql.contains("$2") ? Tuple.of(EXAMPLES, outboxRetentionHours) : Tuple.of(EXAMPLES);
    return conn.preparedQuery(sql).execute(params).map(rows -> {
      long count = 0;
      JsonArray examples = new JsonArray();
      for (Row row : rows) {
        count = row.getLong("total");
        examples.add(row.getString("example"));
      }
      return result(count, examples);
    });
  }

  private Future<JsonObject> redisCheck(SqlConnection conn, RedisSide redisSide) {
    return conn.query(LIVE_SEATS).execute().map(rows -> {
      Map<Long, Map<Integer, SeatStateComparison.PgSeat>> pgSeats = new HashMap<>();
      for (Row row : rows) {
        pgSeats.computeIfAbsent(row.getLong("schedule_id"), id -> new HashMap<>()).put(row.getInteger("seat_number"),
            new SeatStateComparison.PgSeat(row.getUUID("reservation_id"), "PAID".equals(row.getString("status")),
                row.getOffsetDateTime("held_until").toInstant().toEpochMilli()));
      }
      long count = 0;
      JsonArray examples = new JsonArray();
      for (Map.Entry<Long, Map<Integer, String>> schedule : redisSide.seats().entrySet()) {
        List<String> found = SeatStateComparison.differences(schedule.getKey(),
            pgSeats.getOrDefault(schedule.getKey(), Map.of()), schedule.getValue(), redisSide.nowMillis());
        count += found.size();
        for (String line : found) {
          if (examples.size() < EXAMPLES) {
            examples.add(line);
          }
        }
      }
      return result(count, examples);
    });
  }

  private static JsonObject result(long count, JsonArray examples) {
    return new JsonObject().put("count", count).put("examples", examples);
  }
}
