package dev.concert.cancellation;

import dev.concert.config.AppConfig;
import dev.concert.infra.PgClients;
import dev.concert.infra.PgTransactions;
import dev.concert.infra.RedisClients;
import dev.concert.seats.RedisSeats;
import dev.concert.seats.Seats;
import dev.concert.shared.Bus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An operator's cancel and the progress read behind the event bus (light traffic: one per process). */
public final class CancellationVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(CancellationVerticle.class);

  private final AppConfig config;

  public CancellationVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    Pool pool = PgClients.pool(vertx, config);
    PgTransactions transactions = new PgTransactions(vertx, pool, config.deadlines());
    Seats seats = new RedisSeats(RedisClients.pipelined(vertx, config));
    Bus bus = Bus.of(vertx);
    return Future.all(
        // The status flips with its trail entry; then holds are refused in Redis at once (the job
        // sets the marker again each round, should this fail). The job does the rest.
        bus.serve(CancellationMessages.CANCEL, request -> transactions.run(tx -> Cancellations.start(tx, request.scheduleId()))
            .compose(started -> Cancellations.progress(pool, request.scheduleId()))
            .compose(progress -> seats.markCancelled(request.scheduleId())
                .onFailure(f -> LOG.warn("marking schedule {} cancelled in Redis failed (the job retries): {}",
                    request.scheduleId(), f.toString()))
                .otherwiseEmpty()
                .map(progress.toJson()))).completion(),
        bus.serve(CancellationMessages.PROGRESS, request -> Cancellations.progress(pool, request.scheduleId())
            .map(CancellationProgress::toJson)).completion());
  }
}
