package dev.concert.reservation;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postgres wins: every seat Postgres says is held or sold is written back to Redis, so a Redis
 * restart or flush never lets a taken seat be held again. Runs before the instance serves, and
 * again whenever Redis is found to have lost its data (while holds, payments and refunds go on).
 *
 * <p>A reservation may end (cancelled, expired, refunded) between the read from Postgres and the
 * write to Redis, and its own release may have run before that write. So the reservations written
 * are looked up once more afterwards and the ended ones released again: whichever order the
 * release and the rebuild take, nothing stale is left.
 */
public final class SeatRebuild {
  private static final Logger LOG = LoggerFactory.getLogger(SeatRebuild.class);

  private SeatRebuild() {}

  /** What one reservation had written back: its schedule, status then, and the seats. */
  private record Written(long scheduleId, ReservationStatus status, List<Integer> seats) {}

  public static Future<Integer> run(ReservationRepository repository, SeatLocks seats) {
    return repository.liveSeats().compose(live -> {
      Map<Long, Map<Integer, ReservationRepository.LiveSeat>> bySchedule = new HashMap<>();
      live.forEach(seat -> bySchedule.computeIfAbsent(seat.scheduleId(), id -> new HashMap<>()).put(seat.seatNumber(), seat));
      List<Future<List<ReservationRepository.LiveSeat>>> writes = new ArrayList<>();
      bySchedule.forEach((schedule, taken) -> {
        Map<Integer, String> values = new HashMap<>();
        taken.forEach((seat, s) -> values.put(seat, s.status() == ReservationStatus.PAID
            ? SeatLocks.soldValue(s.reservationId())
            : SeatLocks.heldValue(s.reservationId(), s.heldUntil())));
        writes.add(seats.restore(schedule, values).map(written -> written.stream().map(taken::get).toList()));
      });
      return Future.all(writes).compose(all -> {
        Map<UUID, Written> written = new LinkedHashMap<>();
        for (int i = 0; i < writes.size(); i++) {
          writes.get(i).result().forEach(s -> written
              .computeIfAbsent(s.reservationId(), id -> new Written(s.scheduleId(), s.status(), new ArrayList<>()))
              .seats().add(s.seatNumber()));
        }
        int count = written.values().stream().mapToInt(w -> w.seats().size()).sum();
        LOG.info("seat rebuild: {} taken seats in Postgres, {} written to Redis", live.size(), count);
        return undoEnded(repository, seats, written).map(count);
      });
    });
  }

  /** Releases what was written for reservations that have ended since Postgres was read. */
  private static Future<Void> undoEnded(ReservationRepository repository, SeatLocks seats, Map<UUID, Written> written) {
    return repository.statuses(written.keySet()).compose(now -> {
      List<Future<Integer>> undone = new ArrayList<>();
      written.forEach((id, w) -> {
        ReservationStatus current = now.get(id);
        if (w.status() == ReservationStatus.HELD && current != ReservationStatus.HELD && current != ReservationStatus.PAID) {
          undone.add(seats.release(w.scheduleId(), id, w.seats()));
        } else if (w.status() == ReservationStatus.PAID && current != ReservationStatus.PAID) {
          undone.add(seats.unsell(w.scheduleId(), id, w.seats()));
        }
      });
      return Future.all(undone).mapEmpty();
    });
  }
}
