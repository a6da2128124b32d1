package dev.concert.reservation;

import dev.concert.seats.Seats;
import io.vertx.core.Vertx;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds whose record has an unknown fate (the connection to Postgres died while it committed, as in
 * a Postgres restart): their seats stay held in Redis, since the record may exist. Once Postgres
 * answers again the record decides: a hold that was not recorded frees its seats at once, instead
 * of keeping them from every buyer until the hold lapses in Redis (minutes). After a restart the
 * old connection's COMMIT can no longer land. After a connection cut by the network it could still
 * land after the look (the first waits a moment): Redis would then show a seat free that the record
 * holds, and the record's one-live-reservation-per-seat index refuses the next hold on it, which
 * writes the seat back to Redis. Nothing is sold twice either way.
 */
final class UnsettledHolds {
  private static final Logger LOG = LoggerFactory.getLogger(UnsettledHolds.class);
  /** How often Postgres is asked again while it does not answer. */
  static final long RETRY_MILLIS = 500;

  private final Vertx vertx;
  private final ReservationRepository repository;
  private final Seats seats;
  private final Clock clock;

  UnsettledHolds(Vertx vertx, ReservationRepository repository, Seats seats, Clock clock) {
    this.vertx = vertx;
    this.repository = repository;
    this.seats = seats;
    this.clock = clock;
  }

  /** Looks the hold up (first after a moment) until Postgres answers or the hold lapses; frees it if unrecorded. */
  void settle(Reservation hold) {
    retry(hold);
  }

  private void look(Reservation hold) {
    if (!clock.instant().isBefore(hold.heldUntil())) {
      return;
    }
    repository.find(hold.id()).onComplete(found -> {
      if (found.isPresent()) {
        return;
      }
      seats.release(hold.scheduleId(), hold.id(), hold.seatNumbers()).onComplete(
          released -> LOG.info("hold {} of unknown outcome was not recorded: its seats {} are free again",
              hold.id(), hold.seatNumbers()),
          failure -> retry(hold));
    }, failure -> retry(hold));
  }

  private void retry(Reservation hold) {
    vertx.setTimer(RETRY_MILLIS, id -> look(hold));
  }
}
