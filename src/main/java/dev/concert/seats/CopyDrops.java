package dev.concert.seats;

import dev.concert.infra.RedisLossWatch;
import dev.concert.infra.StartupRetry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * When the seat copies are dropped ({@link SeatCopies}); reads go to Redis until a copy is loaded
 * again:
 * <ul>
 *   <li>When the subscription breaks (each copy's {@link Copy#lost}), or Redis lost its data (this
 *       instance's own {@link RedisLossWatch}: a flush is no notice), every copy is dropped. The
 *       rebuild after a loss publishes each seat it writes.</li>
 *   <li>A copy not read for {@link #IDLE_MILLIS} is dropped, so only schedules read lately cost
 *       memory and notices.</li>
 * </ul>
 */
final class CopyDrops {
  static final long IDLE_MILLIS = 60_000;

  private final Vertx vertx;
  private final CopyStore store;
  private final RedisLossWatch lossWatch;
  private final List<Long> timers = new CopyOnWriteArrayList<>();

  CopyDrops(Vertx vertx, Redis redis, boolean cluster, CopyStore store) {
    this.vertx = vertx;
    this.store = store;
    this.lossWatch = new RedisLossWatch(vertx, redis, cluster, "dropping this instance's seat map copies", () -> {
      store.context().runOnContext(v -> store.dropAll("Redis lost its data"));
      return Future.succeededFuture();
    }, () -> {});
  }

  /**
   * Notes what Redis holds now (retried as at startup), then looks for a loss every
   * {@code sweepIntervalMillis} and for idle copies every quarter of {@link #IDLE_MILLIS}.
   */
  Future<Void> start(long sweepIntervalMillis) {
    return Future.<Void>future(promise -> store.context().runOnContext(v ->
            StartupRetry.run(vertx, "seat copies' Redis loss watch", 5, 1_000, lossWatch::baseline).onComplete(promise)))
        .onSuccess(v -> store.context().runOnContext(w -> {
          timers.add(vertx.setPeriodic(sweepIntervalMillis, id -> lossWatch.tick()));
          timers.add(vertx.setPeriodic(IDLE_MILLIS / 4, id -> store.dropReadBefore(System.currentTimeMillis() - IDLE_MILLIS)));
        }));
  }

  void stop() {
    timers.forEach(vertx::cancelTimer);
  }
}
