package dev.concert.withheld;

import dev.concert.config.AppConfig;
import dev.concert.concert.ScheduleCatalog;
import dev.concert.infra.PgClients;
import dev.concert.infra.PgTransactions;
import dev.concert.infra.RedisClients;
import dev.concert.infra.RedisLossWatch;
import dev.concert.infra.StartupRetry;
import dev.concert.metrics.DomainMetrics;
import dev.concert.seats.RedisSeats;
import dev.concert.seats.Seats;
import dev.concert.shared.Bus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;

/**
 * Withheld places behind the event bus (operators' writes: one per process), and their rebuild in
 * Redis from Postgres at start and whenever Redis is found to have lost its data.
 */
public final class WithheldVerticle extends VerticleBase {
  private final AppConfig config;

  public WithheldVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    Pool pool = PgClients.pool(vertx, config);
    Redis redis = RedisClients.pipelined(vertx, config);
    Seats seats = new RedisSeats(redis);
    WithheldService service = new WithheldService(ScheduleCatalog.on(pool), seats,
        new PgTransactions(vertx, pool, config.deadlines()));
    WithheldRebuild rebuild = new WithheldRebuild(pool, seats);
    // Its own watch (the reservations' rebuilds the holds): each rebuild writes only what its record says.
    RedisLossWatch lossWatch = new RedisLossWatch(vertx, redis, config.redisCluster(), "rebuilding withheld places",
        rebuild::run, () -> {});
    return StartupRetry.run(vertx, "withheld places rebuild", 5, 1_000,
            () -> lossWatch.baseline().compose(seen -> rebuild.run()))
        .compose(rebuilt -> Bus.of(vertx).serve(WithheldMessages.CHANGE, service::change).completion())
        .onSuccess(serving -> {
          vertx.setPeriodic(config.sweepIntervalMillis(), id -> lossWatch.tick());
          vertx.setPeriodic(config.sweepIntervalMillis(), id -> WithheldPlaces.count(pool)
              .onSuccess(DomainMetrics::withheldPlaces));
        });
  }
}
