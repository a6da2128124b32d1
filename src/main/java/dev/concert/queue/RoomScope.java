package dev.concert.queue;

import dev.concert.http.RoomTarget;
import dev.concert.infra.Resources;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which concert a request acts on. Asked only for concert-room tokens; a schedule's concert never
 * changes, so it is cached; a reservation costs one indexed read.
 */
public final class RoomScope {
  private static final String SCHEDULE_CONCERT = Resources.sql("queue/schedule_concert");
  private static final String RESERVATION_CONCERT = Resources.sql("queue/reservation_concert");

  private final Pool pool;
  private final Map<Long, Long> concertOfSchedule = new ConcurrentHashMap<>();

  public RoomScope(Pool pool) {
    this.pool = pool;
  }

  /** The concert of {@code target}; empty if it does not exist (the operation then answers 404). */
  public Future<Optional<Long>> concertOf(RoomTarget target) {
    return switch (target.kind()) {
      case CONCERT -> Future.succeededFuture(Optional.of(Long.valueOf(target.id())));
      case SCHEDULE -> concertOfSchedule(Long.parseLong(target.id()));
      case RESERVATION -> concertOfReservation(target.id());
    };
  }

  public Future<Optional<Long>> concertOfSchedule(long scheduleId) {
    Long cached = concertOfSchedule.get(scheduleId);
    if (cached != null) {
      return Future.succeededFuture(Optional.of(cached));
    }
    return pool.preparedQuery(SCHEDULE_CONCERT).execute(Tuple.of(scheduleId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      long concertId = rows.iterator().next().getLong("concert_id");
      concertOfSchedule.put(scheduleId, concertId);
      return Optional.of(concertId);
    });
  }

  private Future<Optional<Long>> concertOfReservation(String reservationId) {
    UUID id;
    try {
      id = UUID.fromString(reservationId);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(Optional.empty());
    }
    return pool.preparedQuery(RESERVATION_CONCERT).execute(Tuple.of(id)).map(rows -> rows.size() == 0
        ? Optional.empty()
        : Optional.of(rows.iterator().next().getLong("concert_id")));
  }
}
