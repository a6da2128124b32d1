package dev.concert.reservation;

import dev.concert.seats.Seats;
import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.concert.metrics.DomainMetrics;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expires unpaid holds: claims due ones in Postgres (SKIP LOCKED, so every instance may run it),
 * marks them EXPIRED with their events, then frees their seats in Redis.
 */
public final class ExpirySweeper {
  private static final Logger LOG = LoggerFactory.getLogger(ExpirySweeper.class);
  static final int BATCH = 500;

  private final ReservationRepository repository;
  private final Seats seats;
  private final Clock clock;
  private boolean running;
  private boolean failing;

  public ExpirySweeper(ReservationRepository repository, Seats seats, Clock clock) {
    this.repository = repository;
    this.seats = seats;
    this.clock = clock;
  }

  /** One timer tick: sweeps until no due hold is left; never overlaps itself. */
  public void tick() {
    if (running) {
      return;
    }
    running = true;
    sweep().onComplete(total -> {
      running = false;
      if (failing) {
        LOG.info("expiry sweeper works again");
      }
      failing = false;
    }, failure -> {
      running = false;
      if (!failing) {
        LOG.warn("expiry sweeper failed (retrying every tick, logged once): {}", failure.toString());
      }
      failing = true;
    });
  }

  /** Expires due holds batch by batch; returns how many. */
  public Future<Integer> sweep() {
    DomainMetrics.sweeperRuns();
    return repository.expireDue(BATCH, clock.instant()).compose(expired -> release(expired).compose(done -> {
      DomainMetrics.holdsExpired(expired.size());
      return expired.size() < BATCH
          ? Future.succeededFuture(expired.size())
          : sweep().map(more -> expired.size() + more);
    }));
  }

  private Future<Void> release(List<Reservation> expired) {
    // Committed: a failed release only delays the seats until the hold lapses in Redis.
    return Future.join(expired.stream().map(r -> seats.release(r.scheduleId(), r.id(), r.seatNumbers())
            .onFailure(f -> LOG.warn("releasing expired hold {} in Redis failed: {}", kv("reservationId", r.id()), f.toString())))
        .toList()).<Void>mapEmpty().otherwiseEmpty();
  }
}
