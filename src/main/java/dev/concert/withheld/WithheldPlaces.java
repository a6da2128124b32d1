package dev.concert.withheld;

import dev.concert.infra.Resources;
import dev.concert.trail.ActionTrail;
import dev.concert.trail.Actor;
import dev.concert.trail.OperatorAction;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The durable record of withheld places in Postgres, each change written with its trail entry. */
final class WithheldPlaces {
  private static final String INSERT = Resources.sql("withheld/insert");
  private static final String DELETE = Resources.sql("withheld/delete");
  private static final String ALL = Resources.sql("withheld/all");
  private static final String STILL = Resources.sql("withheld/still");
  private static final String COUNT = Resources.sql("withheld/count");

  private WithheldPlaces() {}

  /** Records {@code withheld} (already withheld in Redis) and the operator's action, in {@code tx}. */
  static Future<Void> recordWithheld(SqlClient tx, long scheduleId, List<Integer> asked, List<Integer> withheld,
      List<Integer> notWithheld) {
    return tx.preparedQuery(INSERT).execute(places(scheduleId, withheld))
        .compose(rows -> ActionTrail.record(tx, new OperatorAction(Actor.ADMIN, "places.withhold",
            "schedule:" + scheduleId, new JsonObject().put("asked", asked.size())
                .put("withheld", new JsonArray(withheld)).put("notWithheld", new JsonArray(notWithheld)))));
  }

  /** Forgets {@code places} (about to be put back in Redis) and records the action, in {@code tx}. */
  static Future<Void> forget(SqlClient tx, long scheduleId, List<Integer> places) {
    return tx.preparedQuery(DELETE).execute(places(scheduleId, places))
        .compose(rows -> ActionTrail.record(tx, new OperatorAction(Actor.ADMIN, "places.put-back",
            "schedule:" + scheduleId, new JsonObject().put("places", new JsonArray(places))
                .put("wereWithheld", rows.rowCount()))));
  }

  /** Every withheld place, by date. */
  static Future<Map<Long, List<Integer>>> all(SqlClient client) {
    return client.query(ALL).execute().map(rows -> {
      Map<Long, List<Integer>> bySchedule = new LinkedHashMap<>();
      for (Row row : rows) {
        bySchedule.computeIfAbsent(row.getLong("schedule_id"), id -> new ArrayList<>()).add(row.getInteger("seat_number"));
      }
      return bySchedule;
    });
  }

  /** Those of {@code places} still withheld in the record. */
  static Future<List<Integer>> still(SqlClient client, long scheduleId, List<Integer> places) {
    return client.preparedQuery(STILL).execute(places(scheduleId, places)).map(rows -> {
      List<Integer> found = new ArrayList<>(rows.size());
      rows.forEach(row -> found.add(row.getInteger("seat_number")));
      return found;
    });
  }

  /** {@code $1} the date, {@code $2} the places as an int[]. */
  private static Tuple places(long scheduleId, List<Integer> places) {
    return Tuple.tuple().addLong(scheduleId).addArrayOfInteger(places.toArray(Integer[]::new));
  }

  static Future<Long> count(SqlClient client) {
    return client.query(COUNT).execute().map(rows -> rows.iterator().next().getLong("withheld"));
  }
}
