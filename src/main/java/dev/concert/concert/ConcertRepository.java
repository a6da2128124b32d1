package dev.concert.concert;

import dev.concert.infra.Resources;
import dev.concert.trail.ActionTrail;
import dev.concert.trail.Actor;
import dev.concert.trail.OperatorAction;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Concerts and schedules in Postgres. */
public final class ConcertRepository {
  private static final String INSERT_CONCERT = Resources.sql("concert/insert_concert");
  private static final String INSERT_SCHEDULE = Resources.sql("concert/insert_schedule");
  private static final String INSERT_GRADE = Resources.sql("concert/insert_grade");
  private static final String LIST_CONCERTS = Resources.sql("concert/list_concerts");
  private static final String CONCERT_EXISTS = Resources.sql("concert/concert_exists");
  private static final String FIND_SCHEDULE = Resources.sql("concert/find_schedule");
  private static final String FUTURE_SCHEDULES = Resources.sql("concert/future_schedules_of_concert");
  private static final String LOCK_DEMO_DATA = Resources.sql("concert/lock_demo_data");
  private static final String COUNT_CONCERTS = Resources.sql("concert/count_concerts");

  // The opening seeds: secret until the opening, so they must be unpredictable.
  private static final java.security.SecureRandom SEEDS = new java.security.SecureRandom();
  private static final String SALES_OPEN_AT = Resources.sql("concert/sales_open_at");
  private static final String SALES_WINDOWS_CHANGED = Resources.sql("concert/sales_windows_changed");

  private final Pool pool;

  public ConcertRepository(Pool pool) {
    this.pool = pool;
  }

  /** An operator's concert: recorded in the trail in the same transaction. */
  public Future<JsonObject> create(NewConcert concert) {
    return pool.withTransaction(connection -> insert(connection, concert).compose(created ->
        ActionTrail.record(connection, new OperatorAction(Actor.ADMIN, "concert.create",
            "concert:" + created.getLong("concertId"), trailDetail(created))).map(created)));
  }

  /** What the trail keeps of a new concert: its title and dates (ids and starts). */
  private static JsonObject trailDetail(JsonObject created) {
    JsonArray schedules = new JsonArray();
    created.getJsonArray("schedules").forEach(s -> {
      JsonObject schedule = (JsonObject) s;
      schedules.add(new JsonObject().put("scheduleId", schedule.getLong("scheduleId"))
          .put("startsAt", schedule.getString("startsAt")));
    });
    return new JsonObject().put("title", created.getString("title")).put("schedules", schedules);
  }

  /**
   * Runs {@code seed} in one transaction only if there is no concert yet; safe when several instances
   * start at once. True when it ran.
   */
  public Future<Boolean> seedIfEmpty(java.util.function.Function<SqlConnection, Future<?>> seed) {
    return pool.withTransaction(connection -> connection.query(LOCK_DEMO_DATA).execute()
        .compose(locked -> connection.query(COUNT_CONCERTS).execute())
        .compose(rows -> rows.iterator().next().getLong("n") > 0
            ? Future.succeededFuture(false)
            : seed.apply(connection).map(true)));
  }

  /** Inserts the concert in the caller's transaction (its venue dates resolved). */
  public Future<JsonObject> insert(SqlConnection connection, NewConcert concert) {
    byte[] seed = new byte[32];
    SEEDS.nextBytes(seed);
    Tuple concertRow = Tuple.of(concert.title(),
        concert.salesOpenAt() == null ? null : concert.salesOpenAt().atOffset(ZoneOffset.UTC),
        concert.admitPerSecond(), concert.maxActive(), io.vertx.core.buffer.Buffer.buffer(seed));
    return connection.preparedQuery(INSERT_CONCERT).execute(concertRow)
        .compose(rows -> {
          Row created = rows.iterator().next();
          long concertId = created.getLong("id");
          java.time.Instant salesOpenAt = created.getOffsetDateTime("sales_open_at").toInstant();
          List<Tuple> batch = new ArrayList<>();
          concert.schedules().forEach(s -> batch.add(Tuple.of(
              concertId, s.startsAt().atOffset(ZoneOffset.UTC), s.seatCount(), s.price(), s.venueId())));
          return connection.preparedQuery(INSERT_SCHEDULE).executeBatch(batch)
              .map(result -> created(concertId, concert, result).put("salesOpenAt", salesOpenAt.toString())
                  .put("admitPerSecond", concert.admitPerSecond()).put("maxActive", concert.maxActive()))
              .compose(answer -> insertGrades(connection, concert, answer).map(answer));
        });
  }

  /** The grades of the venue dates, once their schedule ids are known. */
  private static Future<Void> insertGrades(SqlConnection connection, NewConcert concert, JsonObject created) {
    List<Tuple> grades = new ArrayList<>();
    for (int i = 0; i < concert.schedules().size(); i++) {
      long scheduleId = created.getJsonArray("schedules").getJsonObject(i).getLong("scheduleId");
      List<Grade> list = concert.schedules().get(i).grades();
      for (int g = 0; g < list.size(); g++) {
        grades.add(Tuple.of(scheduleId, g + 1, list.get(g).name(), list.get(g).price(),
            list.get(g).sections().toArray(String[]::new)));
      }
    }
    return grades.isEmpty() ? Future.succeededFuture()
        : connection.preparedQuery(INSERT_GRADE).executeBatch(grades).mapEmpty();
  }

  private static JsonObject created(long concertId, NewConcert concert, io.vertx.sqlclient.RowSet<Row> result) {
    JsonArray schedules = new JsonArray();
    io.vertx.sqlclient.RowSet<Row> rows = result;
    for (NewConcert.NewSchedule s : concert.schedules()) {
      long scheduleId = rows.iterator().next().getLong("id");
      schedules.add(new JsonObject()
          .put("scheduleId", scheduleId)
          .put("startsAt", s.startsAt().toString())
          .put("totalSeats", s.seatCount())
          .put("price", s.price())
          .put("venueId", s.venueId())
          .put("grades", grades(s)));
      rows = rows.next();
    }
    return new JsonObject().put("concertId", concertId).put("title", concert.title()).put("schedules", schedules);
  }

  private static JsonArray grades(NewConcert.NewSchedule schedule) {
    JsonArray grades = new JsonArray();
    if (schedule.inAVenue()) {
      schedule.grades().forEach(g -> grades.add(g.toJson()));
    } else {
      grades.add(new Grade(Schedule.SINGLE_GRADE, schedule.price(), List.of("Hall")).toJson());
    }
    return grades;
  }

  public Future<JsonArray> list() {
    return pool.query(LIST_CONCERTS).execute().map(rows -> {
      JsonArray items = new JsonArray();
      rows.forEach(row -> items.add(new JsonObject().put("concertId", row.getLong("id")).put("title", row.getString("title"))
          .put("salesOpenAt", row.getOffsetDateTime("sales_open_at").toInstant().toString())));
      return items;
    });
  }

  /** When a concert's sale opens and closes (null: no close), at its controls' {@code version}. */
  public record SalesWindow(java.time.Instant opensAt, java.time.Instant closesAt, long version) {
    static SalesWindow from(Row row) {
      java.time.OffsetDateTime closes = row.getOffsetDateTime("sales_close_at");
      return new SalesWindow(row.getOffsetDateTime("sales_open_at").toInstant(),
          closes == null ? null : closes.toInstant(), row.getLong("controls_version"));
    }
  }

  /** The windows changed since a read, and where the next read starts (Postgres's time, with a margin). */
  public record ChangedWindows(java.util.Map<Long, SalesWindow> windows, java.time.OffsetDateTime nextSince) {}

  /** When the concert's sale opens and closes; empty for an unknown concert. */
  public Future<Optional<SalesWindow>> salesWindow(long concertId) {
    return pool.preparedQuery(SALES_OPEN_AT).execute(Tuple.of(concertId)).map(rows -> rows.size() == 0
        ? Optional.empty()
        : Optional.of(SalesWindow.from(rows.iterator().next())));
  }

  /** The sale windows changed since {@code since} (null: the last 5 s). */
  public Future<ChangedWindows> salesWindowsChanged(java.time.OffsetDateTime since) {
    return pool.preparedQuery(SALES_WINDOWS_CHANGED).execute(Tuple.of(since)).map(rows -> {
      java.util.Map<Long, SalesWindow> changed = new java.util.HashMap<>();
      java.time.OffsetDateTime next = since;
      for (Row row : rows) {
        // A change committed a little after its stamp is still read next time.
        next = row.getOffsetDateTime("polled_at").minusSeconds(5);
        if (row.getLong("id") != null) {
          changed.put(row.getLong("id"), SalesWindow.from(row));
        }
      }
      return new ChangedWindows(changed, next);
    });
  }

  public Future<Boolean> exists(long concertId) {
    return pool.preparedQuery(CONCERT_EXISTS).execute(Tuple.of(concertId)).map(rows -> rows.size() > 0);
  }

  public Future<Optional<Schedule>> findSchedule(long scheduleId) {
    return pool.preparedQuery(FIND_SCHEDULE).execute(Tuple.of(scheduleId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Schedule.from(rows.iterator().next())));
  }

  public Future<List<Schedule>> futureSchedules(long concertId) {
    return pool.preparedQuery(FUTURE_SCHEDULES).execute(Tuple.of(concertId)).map(rows -> {
      List<Schedule> schedules = new ArrayList<>();
      rows.forEach(row -> schedules.add(Schedule.from(row)));
      return schedules;
    });
  }
}
