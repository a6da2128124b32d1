package dev.concert.cancellation;

import dev.concert.metrics.DomainMetrics;
import dev.concert.payment.RefundService;
import dev.concert.reservation.Reservation;
import dev.concert.reservation.ReservationPort;
import dev.concert.seats.Seats;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of every date being cancelled, resumable at any point: it holds no state of its own. A
 * step ends a batch of the date's holds (one transaction) and refunds a batch of its paid
 * reservations, each refund its own transaction (the refund's PAID → REFUNDED is conditional and a
 * cancellation_refunds row is unique per reservation, so a refund committed before a crash is never
 * made again, and one rolled back by the crash is made by the next step). Any number of instances
 * may run it at once: a reservation another one refunded or ended is simply no longer there.
 */
public final class CancellationJob {
  private static final Logger LOG = LoggerFactory.getLogger(CancellationJob.class);
  static final int BATCH = 50;

  private final Pool pool;
  private final ReservationPort reservations;
  private final RefundService refunds;
  private final Seats seats;
  private final int batch;
  private final Clock clock;

  public CancellationJob(Pool pool, ReservationPort reservations, RefundService refunds, Seats seats, int batch,
      Clock clock) {
    this.pool = pool;
    this.reservations = reservations;
    this.refunds = refunds;
    this.seats = seats;
    this.batch = batch;
    this.clock = clock;
  }

  /** One round: the Redis markers set again, then every date being cancelled worked to its end. */
  public Future<Void> round() {
    return Cancellations.notOnSale(pool)
        .compose(ids -> Future.join(ids.stream().map(seats::markCancelled).toList()).<Void>mapEmpty().otherwiseEmpty())
        .compose(marked -> Cancellations.cancelling(pool))
        .compose(ids -> {
          Future<Void> chain = Future.succeededFuture();
          for (long id : ids) {
            chain = chain.compose(previous -> toTheEnd(id));
          }
          return chain.compose(done -> pendingRefunds(ids));
        });
  }

  /** Steps until one does nothing, then CANCELLED if nothing is left. */
  private Future<Void> toTheEnd(long scheduleId) {
    return step(scheduleId).compose(progressed -> progressed
        ? toTheEnd(scheduleId)
        : Cancellations.finish(pool, scheduleId).map(finished -> {
          if (finished) {
            LOG.info("schedule {} cancelled: every hold ended, every paid reservation refunded", scheduleId);
          }
          return null;
        }));
  }

  /** One step of a date: a batch of holds ended, a batch of refunds; whether it did anything. */
  public Future<Boolean> step(long scheduleId) {
    return endHolds(scheduleId).compose(ended -> refundBatch(scheduleId).map(refunded -> ended + refunded > 0));
  }

  private Future<Integer> endHolds(long scheduleId) {
    return pool.withTransaction(tx -> reservations.cancelHoldsOf(tx, scheduleId, batch, clock.instant()))
        .compose(ended -> {
          DomainMetrics.cancellationHoldsEnded(ended.size());
          // Committed: a failed release only delays the seats until the hold lapses in Redis.
          return Future.join(ended.stream().map(this::release).toList()).map(ended.size()).otherwise(ended.size());
        });
  }

  private Future<Integer> release(Reservation held) {
    return seats.release(held.scheduleId(), held.id(), held.seatNumbers());
  }

  private Future<Integer> refundBatch(long scheduleId) {
    return reservations.paidOf(pool, scheduleId, batch).compose(paid -> {
      Future<Integer> count = Future.succeededFuture(0);
      for (ReservationPort.Owned one : paid) {
        count = count.compose(sofar -> refund(scheduleId, one.userId(), one.reservationId()).map(ok -> ok ? sofar + 1 : sofar));
      }
      return count;
    });
  }

  /**
   * One refund in its own transaction; false when it was not made (another instance made it, a
   * ticket used at the door, or it failed: rolled back, so the next round tries it again).
   */
  private Future<Boolean> refund(long scheduleId, UUID userId, UUID reservationId) {
    return refunds.refundCancelled(userId, reservationId, tx -> Cancellations.recordRefund(tx, reservationId, scheduleId))
        .map(outcome -> {
          if (outcome.succeeded()) {
            DomainMetrics.cancellationRefunds();
          } else {
            LOG.debug("refund of {} not made: {}", reservationId, outcome.problem().getMessage());
          }
          return outcome.succeeded();
        })
        .recover(failure -> {
          LOG.warn("refund of {} failed (rolled back; the next round tries again): {}", reservationId, failure.toString());
          return Future.succeededFuture(false);
        });
  }

  private Future<Void> pendingRefunds(List<Long> ids) {
    Future<Long> pending = Future.succeededFuture(0L);
    for (long id : ids) {
      pending = pending.compose(sum -> Cancellations.progress(pool, id).map(p -> sum + p.paidLeft()));
    }
    return pending.map(sum -> {
      DomainMetrics.cancellationRefundsPending(sum);
      return null;
    });
  }
}
