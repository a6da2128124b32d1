package dev.concert.reservation;

import dev.concert.seats.Seats;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Postgres wins: the seats Postgres says are taken are written back to Redis (at start, and after
 * Redis lost its data, while holds, payments and refunds go on). A reservation may end (cancelled,
 * expired, refunded) between the read from Postgres and the write to Redis, and its own release
 * may have run before that write: so the reservations written are looked up once more and the ended
 * ones released again. Whichever order the release and the rebuild take, nothing stale is left.
 */
final class SeatRecovery {
  private final ReservationRepository repository;
  private final Seats seats;

  SeatRecovery(ReservationRepository repository, Seats seats) {
    this.repository = repository;
    this.seats = seats;
  }

  /** Rebuilds; returns how many seats were written. */
  Future<Integer> rebuild() {
    return writeBack(repository.takenSeats());
  }

  /**
   * Rebuilds only {@code seatNumbers} of a schedule: Postgres refused a hold on them that Redis let
   * through, so Redis is behind the record there (it lost data). Without this, the refused hold's
   * release would leave a seat Postgres says is held free in Redis until the next rebuild (a hold the
   * rebuild skipped because the refused one sat on the seat at the time). Returns seats written.
   */
  Future<Integer> repair(long scheduleId, List<Integer> seatNumbers) {
    return writeBack(repository.takenSeats(scheduleId, seatNumbers));
  }

  private Future<Integer> writeBack(Future<List<Seats.TakenSeat>> taken) {
    return taken.compose(seats::rebuild).compose(written -> undoEnded(written).map(written.size()));
  }

  /** One reservation's seats written back: its schedule, whether sold, and the seats. */
  private record Written(long scheduleId, boolean sold, List<Integer> seats) {}

  private Future<Void> undoEnded(List<Seats.TakenSeat> written) {
    Map<UUID, Written> byReservation = new LinkedHashMap<>();
    written.forEach(s -> byReservation
        .computeIfAbsent(s.reservationId(), id -> new Written(s.scheduleId(), s.sold(), new ArrayList<>()))
        .seats().add(s.seatNumber()));
    return repository.statuses(byReservation.keySet()).compose(now -> {
      List<Future<Integer>> undone = new ArrayList<>();
      byReservation.forEach((id, w) -> {
        ReservationStatus current = now.get(id);
        if (!w.sold() && current != ReservationStatus.HELD && current != ReservationStatus.PAID) {
          undone.add(seats.release(w.scheduleId(), id, w.seats()));
        } else if (w.sold() && current != ReservationStatus.PAID) {
          undone.add(seats.giveBack(w.scheduleId(), id, w.seats()));
        }
      });
      return Future.all(undone).mapEmpty();
    });
  }
}
