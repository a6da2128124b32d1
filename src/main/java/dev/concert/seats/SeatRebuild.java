package dev.concert.seats;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postgres wins: at start, every seat Postgres says is held or sold is written back to Redis, so a
 * Redis restart or flush never lets a taken seat be held again. Runs before the instance serves.
 */
final class SeatRebuild {
  private static final Logger LOG = LoggerFactory.getLogger(SeatRebuild.class);

  private SeatRebuild() {}

  static Future<Integer> run(List<Seats.TakenSeat> live, SeatLocks seats) {
    Map<Long, Map<Integer, String>> bySchedule = new HashMap<>();
    for (Seats.TakenSeat seat : live) {
      String value = seat.sold()
          ? SeatLocks.soldValue(seat.reservationId())
          : SeatLocks.heldValue(seat.reservationId(), seat.heldUntil());
      bySchedule.computeIfAbsent(seat.scheduleId(), id -> new HashMap<>()).put(seat.seatNumber(), value);
    }
    List<Future<Integer>> writes = new ArrayList<>();
    bySchedule.forEach((schedule, values) -> writes.add(seats.restore(schedule, values)));
    return Future.all(writes).map(all -> {
      int written = all.<Integer>list().stream().mapToInt(Integer::intValue).sum();
      LOG.info("seat rebuild: {} taken seats in Postgres, {} written to Redis", live.size(), written);
      return written;
    });
  }
}
