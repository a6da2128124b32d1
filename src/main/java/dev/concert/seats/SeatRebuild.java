package dev.concert.seats;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postgres wins: every seat Postgres says is held or sold is written back to Redis, so a Redis
 * restart or flush never lets a taken seat be held again. Sold seats are written always, holds only
 * on seats Redis has free (a hold placed since is kept). Runs before the instance serves, and again
 * whenever Redis is found to have lost its data.
 */
final class SeatRebuild {
  private static final Logger LOG = LoggerFactory.getLogger(SeatRebuild.class);

  private SeatRebuild() {}

  /** Writes {@code live} back; returns the seats actually written. */
  static Future<List<Seats.TakenSeat>> run(List<Seats.TakenSeat> live, SeatLocks seats) {
    Map<Long, Map<Integer, Seats.TakenSeat>> bySchedule = new HashMap<>();
    live.forEach(seat -> bySchedule.computeIfAbsent(seat.scheduleId(), id -> new HashMap<>()).put(seat.seatNumber(), seat));
    List<Future<List<Seats.TakenSeat>>> writes = new ArrayList<>();
    bySchedule.forEach((schedule, taken) -> {
      Map<Integer, String> values = new HashMap<>();
      taken.forEach((number, seat) -> values.put(number, seat.sold()
          ? SeatLocks.soldValue(seat.reservationId())
          : SeatLocks.heldValue(seat.reservationId(), seat.heldUntil())));
      writes.add(seats.restore(schedule, values).map(written -> written.stream().map(taken::get).toList()));
    });
    return Future.all(writes).map(all -> {
      List<Seats.TakenSeat> written = new ArrayList<>();
      writes.forEach(w -> written.addAll(w.result()));
      LOG.info("seat rebuild: {} taken seats in Postgres, {} written to Redis", live.size(), written.size());
      return written;
    });
  }
}
