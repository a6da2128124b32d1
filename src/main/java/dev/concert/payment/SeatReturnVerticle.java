package dev.concert.payment;

import dev.concert.cluster.ClusterSignals;
import dev.concert.config.AppConfig;
import dev.concert.infra.PgClients;
import dev.concert.infra.RedisClients;
import dev.concert.seats.RedisSeats;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One per process: the sweeper that makes good refunded seats whose release in Redis was lost. */
public final class SeatReturnVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SeatReturnVerticle.class);

  private final AppConfig config;
  private boolean running;
  private boolean failing;

  public SeatReturnVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    Pool pool = PgClients.pool(vertx, config);
    SeatReturns returns = new SeatReturns(new RedisSeats(RedisClients.pipelined(vertx, config)));
    vertx.setPeriodic(config.sweepIntervalMillis(), id -> ClusterSignals.runAsLeader(vertx, "seat-returns",
        config.sweepIntervalMillis(), () -> tick(returns, pool)));
    return Future.succeededFuture();
  }

  private void tick(SeatReturns returns, Pool pool) {
    if (running) {
      return;
    }
    running = true;
    returns.sweep(pool).onComplete(swept -> {
      running = false;
      failing = false;
    }, failure -> {
      running = false;
      if (!failing) {
        LOG.warn("freeing refunded seats in Redis failed (retrying every tick, logged once): {}", failure.toString());
      }
      failing = true;
    });
  }
}
