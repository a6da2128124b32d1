package dev.concert.cancellation;

import dev.concert.balance.BalancePort;
import dev.concert.cluster.ClusterSignals;
import dev.concert.config.AppConfig;
import dev.concert.idempotency.IdempotencyKeys;
import dev.concert.infra.PgClients;
import dev.concert.infra.PgTransactions;
import dev.concert.infra.RedisClients;
import dev.concert.payment.RefundService;
import dev.concert.payment.SeatReturns;
import dev.concert.reservation.ReservationPort;
import dev.concert.seats.RedisSeats;
import dev.concert.seats.Seats;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per process: the cancellation job's timer. One instance a tick is enough (a leader's slot);
 * when a round outlasts its slot another instance may run beside it, which the job's SQL makes safe.
 */
public final class CancellationJobVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(CancellationJobVerticle.class);

  private final AppConfig config;
  private boolean running;
  private boolean failing;

  public CancellationJobVerticle(AppConfig config) {
    this.config = config;
  }

  /** The job as this process runs it (tests build their own the same way). */
  public static CancellationJob job(io.vertx.core.Vertx vertx, AppConfig config, int batch) {
    Pool pool = PgClients.pool(vertx, config);
    Seats seats = new RedisSeats(RedisClients.pipelined(vertx, config));
    SeatReturns returns = new SeatReturns(seats);
    PgTransactions transactions = new PgTransactions(vertx, pool, config.deadlines());
    ReservationPort reservations = ReservationPort.create(pool, transactions, config);
    RefundService refunds = new RefundService(BalancePort.create(), reservations, new IdempotencyKeys(pool, transactions),
        returns, config.refundCutoffHours(),
        // Committed: free the seats now; the seat-return sweeper makes good a failure.
        refunded -> returns.free(refunded.scheduleId(), refunded.id(), refunded.seatNumbers()).<Void>mapEmpty().otherwiseEmpty(),
        Clock.systemUTC());
    return new CancellationJob(pool, reservations, refunds, seats, batch, Clock.systemUTC());
  }

  @Override
  public Future<?> start() {
    CancellationJob job = job(vertx, config, CancellationJob.BATCH);
    vertx.setPeriodic(config.sweepIntervalMillis(), id -> ClusterSignals.runAsLeader(vertx, "cancellation",
        config.sweepIntervalMillis(), () -> tick(job)));
    return Future.succeededFuture();
  }

  private void tick(CancellationJob job) {
    if (running) {
      return;
    }
    running = true;
    job.round().onComplete(done -> {
      running = false;
      failing = false;
    }, failure -> {
      running = false;
      if (!failing) {
        LOG.warn("cancelling dates failed (retrying every tick, logged once): {}", failure.toString());
      }
      failing = true;
    });
  }
}
