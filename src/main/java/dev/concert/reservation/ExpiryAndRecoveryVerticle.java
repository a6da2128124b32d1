package dev.concert.reservation;

import dev.concert.cluster.ClusterSignals;
import dev.concert.config.AppConfig;
import dev.concert.infra.PgClients;
import dev.concert.infra.PgTransactions;
import dev.concert.infra.RedisClients;
import dev.concert.infra.RedisLossWatch;
import dev.concert.infra.StartupRetry;
import dev.concert.metrics.DomainMetrics;
import dev.concert.outbox.OutboxWriter;
import dev.concert.seats.RedisSeats;
import dev.concert.seats.Seats;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/**
 * The reservation role's background work, one per process: rebuilds Redis's seats from Postgres at
 * start (Postgres wins) and again whenever Redis is found to have lost them, then sweeps expired
 * holds and reports the oldest one due.
 */
final class ExpiryAndRecoveryVerticle extends VerticleBase {
  private final AppConfig config;

  ExpiryAndRecoveryVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    Pool pool = PgClients.pool(vertx, config);
    Redis redis = RedisClients.pipelined(vertx, config);
    Seats seats = new RedisSeats(redis);
    ReservationRepository repository = new ReservationRepository(pool,
        new PgTransactions(vertx, pool, config.deadlines()), new OutboxWriter(config));
    ExpirySweeper sweeper = new ExpirySweeper(repository, seats, Clock.systemUTC());
    SeatRecovery recovery = new SeatRecovery(repository, seats);
    RedisLossWatch lossWatch = new RedisLossWatch(vertx, redis, config.redisCluster(), recovery::rebuild,
        DomainMetrics::redisDataLost);
    return StartupRetry.run(vertx, "seat rebuild", 5, 1_000, () -> lossWatch.baseline().compose(seen -> recovery.rebuild()))
        .onSuccess(rebuilt -> {
          // One instance per tick is enough; SKIP LOCKED keeps it correct when several run at once.
          vertx.setPeriodic(config.sweepIntervalMillis(),
              id -> ClusterSignals.runAsLeader(vertx, "expiry-sweep", config.sweepIntervalMillis(), sweeper::tick));
          // Every instance watches (not only a leader): each one rebuilds after a loss, within a tick.
          vertx.setPeriodic(config.sweepIntervalMillis(), id -> lossWatch.tick());
          // Apart from the sweep, so that a stuck sweeper still shows as a growing age.
          vertx.setPeriodic(config.sweepIntervalMillis(), id -> repository.oldestDueHoldAgeSeconds()
              .onSuccess(DomainMetrics::oldestDueHoldAge));
        });
  }
}
