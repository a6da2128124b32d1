package dev.concert.seats;

import dev.concert.config.AppConfig;
import dev.concert.infra.RedisClients;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's copy of the seats of each schedule read lately, kept current by the seat change
 * notices ({@link SeatChanges}, the one subscription of the instance): a seat map read then costs
 * no Redis call. A cache of Redis, never a rule: holds and sales are decided by the scripts.
 *
 * <p>Correct by construction, not by timing; each rule is written out where it is kept:
 * <ul>
 *   <li>a copy is loaded when first asked for, only while the subscription is in place, listening
 *       before it reads ({@link CopyStore});</li>
 *   <li>a notice's seats are read back, and a late answer never overwrites a newer one ({@link Copy});</li>
 *   <li>this process's own changes show at once ({@link OwnWrites});</li>
 *   <li>every copy is dropped when the subscription breaks or Redis lost its data, and an idle one
 *       on its own ({@link CopyDrops}).</li>
 * </ul>
 * Its working state lives on the subscription's context; readers on any event loop see immutable
 * {@link SeatSnapshot}s.
 */
public final class SeatCopies {
  /** The copies of each Vert.x instance, for the seat writes of that instance ({@link #written}). */
  private static final Map<Vertx, SeatCopies> OF_INSTANCE = new ConcurrentHashMap<>();

  private final Vertx vertx;
  private final SeatChanges changes;
  private final Redis redis;
  private final CopyStore store;
  private final OwnWrites ownWrites;
  private final CopyDrops drops;

  private SeatCopies(Vertx vertx, AppConfig config, SeatChanges changes, Redis redis) {
    this.vertx = vertx;
    this.changes = changes;
    this.redis = redis;
    this.store = new CopyStore(changes, redis);
    this.ownWrites = new OwnWrites(store);
    this.drops = new CopyDrops(vertx, redis, config.redisCluster(), store);
  }

  /**
   * The copies of this instance, fed by {@code changes}; they watch for a Redis data loss every
   * {@code config.sweepIntervalMillis()}.
   */
  public static Future<SeatCopies> start(Vertx vertx, AppConfig config, SeatChanges changes) {
    SeatCopies copies = new SeatCopies(vertx, config, changes, RedisClients.create(vertx, config));
    return copies.drops.start(config.sweepIntervalMillis())
        .map(copies)
        .onSuccess(started -> OF_INSTANCE.put(vertx, started));
  }

  /**
   * This process has just changed {@code seats} of a schedule (a script answered): its own reads
   * must show it at once (a buyer who held, cancelled or paid looks at the map next), while the
   * change's notice may still be on its way. Until the copy has read those seats back, reads of the
   * schedule go to Redis. Called on the writer's loop by {@link RedisSeats}.
   */
  static void written(long scheduleId, List<Integer> seats) {
    Context writer = Vertx.currentContext();
    SeatCopies copies = writer == null ? null : OF_INSTANCE.get(writer.owner());
    if (copies != null) {
      copies.ownWrites.written(scheduleId, seats);
    }
  }

  /**
   * The copy of {@code scheduleId}'s seats, or null when there is none yet (read Redis instead): the
   * first ask starts loading one, if the subscription is in place.
   */
  public SeatSnapshot current(long scheduleId) {
    return ownWrites.catchingUp(scheduleId) ? null : store.current(scheduleId);
  }

  public Future<Void> close() {
    OF_INSTANCE.remove(vertx, this);
    drops.stop();
    return redis.close();
  }

  /** The copies of {@code vertx}'s instance (tests). */
  static SeatCopies of(Vertx vertx) {
    return OF_INSTANCE.get(vertx);
  }

  SeatChanges changes() {
    return changes;
  }

  /** How many times every copy was dropped at once (tests). */
  long drops() {
    return store.drops();
  }
}
