package dev.concert.queue;

import dev.concert.config.AppConfig;
import dev.concert.infra.Resources;
import dev.concert.shared.ApiException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rooms' settings: the service-wide room from the configuration, each concert's from Postgres,
 * cached in process (a concert's opening, rate, cap and seed never change after creation).
 */
public final class RoomCatalog {
  private static final String FIND_ROOM = Resources.sql("queue/find_room");

  private final Pool pool;
  private final Room serviceWide;
  private final Map<Long, Room> rooms = new ConcurrentHashMap<>();

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
    return pool.preparedQuery(FIND_ROOM).execute(Tuple.of(concertId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiException.notFound("No concert " + concertId));
      }
      Row row = rows.iterator().next();
      Integer rate = row.getInteger("admit_per_second");
      Integer cap = row.getInteger("max_active");
      Buffer seed = row.getBuffer("opening_seed");
      Room room = new Room(concertId, row.getOffsetDateTime("sales_open_at").toInstant(),
          rate == null ? serviceWide.admitPerSecond() : rate, cap == null ? serviceWide.maxActive() : cap,
          seed.getBytes(), row.getBoolean("own_room"));
      rooms.put(concertId, room);
      return Future.succeededFuture(room);
    });
  }

  /** The room named {@code roomId} on the timer's list ({@code all} or a concert id). */
  public Future<Room> byId(String roomId) {
    return Room.SERVICE_WIDE.equals(roomId) ? Future.succeededFuture(serviceWide) : room(Long.valueOf(roomId));
  }
}
