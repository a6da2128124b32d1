package dev.concert.queue;

import dev.concert.cluster.ClusterSignals;
import dev.concert.concert.ConcertVerticle;
import dev.concert.config.AppConfig;
import dev.concert.infra.Resources;
import dev.concert.shared.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms' settings: the service-wide room from the configuration, each concert's from Postgres,
 * cached in process. A concert's seed never changes; its operators' controls (rate, cap, pause,
 * opening, close: {@link RoomControls}) do, so {@link #refreshEvery} reloads the rooms whose
 * controls changed: every instance has a change within {@link #REFRESH_MILLIS} plus a read. If
 * Postgres does not answer, the rooms as last read stay (the queue keeps working on Redis alone).
 */
public final class RoomCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(RoomCatalog.class);
  private static final String FIND_ROOM = Resources.sql("queue/find_room");
  private static final String ROOMS_CHANGED = Resources.sql("queue/rooms_changed");
  /** How often the changed rooms are read: a change is in force everywhere within a second. */
  public static final long REFRESH_MILLIS = 400;
  /** A change committed this long after its stamp is still seen (a commit takes milliseconds). */
  private static final long LATE_COMMIT_SECONDS = 5;

  private final Pool pool;
  private final Room serviceWide;
  private final Map<Long, Room> rooms = new ConcurrentHashMap<>();
  /** Postgres's time of the last read of the changes, minus the margin; null before the first. */
  private volatile OffsetDateTime changedSince;
  private boolean refreshing;
  private boolean refreshFailed;

  public RoomCatalog(Pool pool, AppConfig config) {
    this.pool = pool;
    this.serviceWide = Room.serviceWide(config.queueAdmitPerSecond(), config.queueMaxActive());
  }

  public Room serviceWide() {
    return serviceWide;
  }

  /** The room of {@code concertId} (null: service-wide); NOT_FOUND for an unknown concert. */
  public Future<Room> room(Long concertId) {
    if (concertId == null) {
      return Future.succeededFuture(serviceWide);
    }
    Room cached = rooms.get(concertId);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return load(concertId);
  }

  /** The room of {@code concertId} read from Postgres now (and kept); NOT_FOUND for an unknown concert. */
  public Future<Room> load(long concertId) {
    return pool.preparedQuery(FIND_ROOM).execute(Tuple.of(concertId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiException.notFound("No concert " + concertId));
      }
      return Future.succeededFuture(keep(from(rows.iterator().next(), serviceWide)));
    });
  }

  /** The room of {@code concertId} from its concert's row (the columns of find_room.sql). */
  static Room from(Row row, Room serviceWide) {
    Integer rate = row.getInteger("admit_per_second");
    Integer cap = row.getInteger("max_active");
    Buffer seed = row.getBuffer("opening_seed");
    OffsetDateTime closesAt = row.getOffsetDateTime("sales_close_at");
    return new Room(row.getLong("id"), row.getOffsetDateTime("sales_open_at").toInstant(),
        rate == null ? serviceWide.admitPerSecond() : rate, cap == null ? serviceWide.maxActive() : cap,
        seed.getBytes(), row.getBoolean("own_room"), row.getBoolean("paused"),
        closesAt == null ? null : closesAt.toInstant(), row.getLong("controls_version"));
  }

  /** Keeps {@code room} unless a newer version of it is kept already (reads may answer out of order). */
  private Room keep(Room room) {
    return rooms.merge(room.concertId(), room,
        (kept, read) -> read.controlsVersion() >= kept.controlsVersion() ? read : kept);
  }

  /** The room named {@code roomId} on the timer's list ({@code all} or a concert id). */
  public Future<Room> byId(String roomId) {
    return Room.SERVICE_WIDE.equals(roomId) ? Future.succeededFuture(serviceWide) : room(Long.valueOf(roomId));
  }

  /**
   * Takes the changes signalled to every instance at once, and reads the changed rooms every
   * {@link #REFRESH_MILLIS} in case a signal was lost; on {@code vertx} (the caller's context).
   */
  public void refreshEvery(Vertx vertx) {
    ClusterSignals.subscribe(vertx, ConcertVerticle.CONCERTS_CHANGED, this::signalled);
    vertx.setPeriodic(REFRESH_MILLIS, id -> refresh());
  }

  /** The signal of a change ({@link ConcertVerticle#CONCERTS_CHANGED}) from its answer (the concert's part of it). */
  static JsonObject signal(JsonObject changed) {
    return new JsonObject().put("concertId", changed.getLong("concertId"))
        .put("salesOpenAt", changed.getString("salesOpenAt")).put("salesCloseAt", changed.getString("salesCloseAt"))
        .put("admitPerSecond", changed.getInteger("admitPerSecond")).put("maxActive", changed.getInteger("maxActive"))
        .put("paused", changed.getBoolean("paused")).put("controlsVersion", changed.getLong("controlsVersion"));
  }

  /** A kept room takes a signalled change (a concert's creation signals no controls: nothing to take). */
  private void signalled(JsonObject signal) {
    Long concertId = signal.getLong("concertId");
    Long version = signal.getLong("controlsVersion");
    Room kept = concertId == null ? null : rooms.get(concertId);
    if (kept == null || version == null) {
      return;
    }
    String closesAt = signal.getString("salesCloseAt");
    keep(new Room(concertId, java.time.Instant.parse(signal.getString("salesOpenAt")), signal.getInteger("admitPerSecond"),
        signal.getInteger("maxActive"), kept.seed(), kept.ownRoom(), signal.getBoolean("paused"),
        closesAt == null ? null : java.time.Instant.parse(closesAt), version));
  }

  /** Reloads the kept rooms whose controls changed since the last read; never two reads at once. */
  Future<Void> refresh() {
    if (refreshing) {
      return Future.succeededFuture();
    }
    refreshing = true;
    return pool.preparedQuery(ROOMS_CHANGED).execute(Tuple.of(changedSince)).<Void>map(rows -> {
      for (Row row : rows) {
        changedSince = row.getOffsetDateTime("polled_at").minus(LATE_COMMIT_SECONDS, ChronoUnit.SECONDS);
        Long concertId = row.getLong("id");
        if (concertId != null && rooms.containsKey(concertId)) {
          keep(from(row, serviceWide));
        }
      }
      if (refreshFailed) {
        LOG.info("reading the rooms' changed controls works again");
      }
      refreshFailed = false;
      return null;
    }).onComplete(done -> refreshing = false, failure -> {
      refreshing = false;
      if (!refreshFailed) {
        LOG.warn("reading the rooms' changed controls failed (the rooms as last read stay; retried, logged once): {}",
            failure.toString());
      }
      refreshFailed = true;
    });
  }
}
