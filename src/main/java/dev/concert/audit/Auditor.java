package dev.concert.audit;

import dev.concert.seats.SeatKeys;
import dev.concert.infra.Resources;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reconciles Postgres with itself and with Redis, read-only: each check counts its discrepancies
 * and keeps a few examples. Meant for a quiet moment (after a benchmark, during the night): a
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
  static final String REDIS_CHECK = "redisSeatsOutOfStep";

  private final Pool pool;
  private final Redis redis;
  private final int outboxRetentionHours;
  private final Clock clock;

  public Auditor(Pool pool, Redis redis, int outboxRetentionHours, Clock clock) {
    this.pool = pool;
    this.redis = redis;
    this.outboxRetentionHours = outboxRetentionHours;
    this.clock = clock;
  }

  /** {@code {"checkedAt","discrepancies","checks":{name:{"count","examples"}}}}; also sets the gauges. */
  public Future<JsonObject> run() {
    String checkedAt = clock.instant().toString();
    List<Future<JsonObject>> checks = new ArrayList<>();
    SQL_CHECKS.forEach((name, sql) -> checks.add(sqlCheck(sql)));
    checks.add(redisCheck());
    return Future.all(checks).map(all -> {
      JsonObject byName = new JsonObject();
      long total = 0;
      List<String> names = new ArrayList<>(SQL_CHECKS.keySet());
      names.add(REDIS_CHECK);
      for (int i = 0; i < names.size(); i++) {
        JsonObject check = all.resultAt(i);
        byName.put(names.get(i), check);
        total += check.getLong("count");
        AuditMetrics.record(names.get(i), check.getLong("count"));
      }
      AuditMetrics.ran(clock.instant().getEpochSecond());
      return new JsonObject().put("checkedAt", checkedAt).put("discrepancies", total).put("checks", byName);
    });
  }

  private Future<JsonObject> sqlCheck(String sql) {
    Tuple params = sql.contains("$2") ? Tuple.of(EXAMPLES, outboxRetentionHours) : Tuple.of(EXAMPLES);
    return pool.preparedQuery(sql).execute(params).map(rows -> {
      long count = 0;
      JsonArray examples = new JsonArray();
      for (Row row : rows) {
        count = row.getLong("total");
        examples.add(row.getString("example"));
      }
      return result(count, examples);
    });
  }

  private Future<JsonObject> redisCheck() {
    Future<Map<Long, Map<Integer, SeatStateComparison.PgSeat>>> postgres = pool.query(LIVE_SEATS).execute().map(rows -> {
      Map<Long, Map<Integer, SeatStateComparison.PgSeat>> seats = new HashMap<>();
      for (Row row : rows) {
        seats.computeIfAbsent(row.getLong("schedule_id"), id -> new HashMap<>()).put(row.getInteger("seat_number"),
            new SeatStateComparison.PgSeat(row.getUUID("reservation_id"), "PAID".equals(row.getString("status")),
                row.getOffsetDateTime("held_until").toInstant().toEpochMilli()));
      }
      return seats;
    });
    Future<Map<Long, Map<Integer, String>>> inRedis = pool.query(SCHEDULE_IDS).execute().compose(rows -> {
      List<Long> ids = new ArrayList<>();
      rows.forEach(row -> ids.add(row.getLong("id")));
      List<Future<Response>> reads = ids.stream()
          .map(id -> redis.send(Request.cmd(Command.HGETALL).arg(SeatKeys.seats(id)))).toList();
      return Future.all(reads).map(all -> {
        Map<Long, Map<Integer, String>> seats = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
          Response hash = all.resultAt(i);
          Map<Integer, String> values = new HashMap<>();
          if (hash != null) {
            for (String field : hash.getKeys()) {
              values.put(Integer.parseInt(field), hash.get(field).toString());
            }
          }
          seats.put(ids.get(i), values);
        }
        return seats;
      });
    });
    // Postgres is read after Redis, so that a hold or sale that lands in between shows in both.
    return inRedis.compose(redisSeats -> postgres.map(pgSeats -> {
      long now = clock.millis();
      long count = 0;
      JsonArray examples = new JsonArray();
      for (Map.Entry<Long, Map<Integer, String>> schedule : redisSeats.entrySet()) {
        List<String> found = SeatStateComparison.differences(schedule.getKey(),
            pgSeats.getOrDefault(schedule.getKey(), Map.of()), schedule.getValue(), now);
        count += found.size();
        for (String line : found) {
          if (examples.size() < EXAMPLES) {
            examples.add(line);
          }
        }
      }
      return result(count, examples);
    }));
  }

  private static JsonObject result(long count, JsonArray examples) {
    return new JsonObject().put("count", count).put("examples", examples);
  }
}
