package dev.concert.seats;

import dev.concert.config.AppConfig;
import dev.concert.infra.RedisClients;
import dev.concert.infra.RedisLossWatch;
import dev.concert.infra.StartupRetry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's copy of the seats of each schedule read lately, kept current by the seat change
 * notices ({@link SeatChanges}, the one subscription of the instance): a seat map read then costs
 * no Redis call. A cache of Redis, never a rule: holds and sales are decided by the scripts.
 *
 * <p>Correct by construction, not by timing:
 * <ul>
 *   <li>A copy is loaded when first asked for, only while the subscription is in place: its
 *       listener is registered first, then the seat hash is read (HGETALL).</li>
 *   <li>A notice names the seats a script changed; the copy reads those seats back (HMGET), so it
 *       keeps each hold's {@code heldUntil} (a lapsed hold reads as free at read time) and ignores
 *       what another database on the same server publishes. A read is taken for a seat only if no
 *       read sent after it was taken already: a change made while loading is not lost (its
 *       notice brings a read sent after the load's), and a late answer never overwrites a newer one.</li>
 *   <li>A change this process made is read back before the seat map here is served from the copy
 *       again, so a buyer's own hold, cancel or payment shows at once ({@link #written}).</li>
 *   <li>When the subscription breaks, or Redis lost its data (the instance's own
 *       {@link RedisLossWatch}: a flush is no notice), every copy is dropped: reads go to Redis until
 *       a copy is loaded again. The rebuild after a loss publishes each seat it writes.</li>
 *   <li>A copy not read for {@link #IDLE_MILLIS} is dropped, so only schedules read lately cost
 *       memory and notices.</li>
 * </ul>
 * Its working state lives on the subscription's context; readers on any event loop see immutable
 * {@link SeatSnapshot}s.
 */
public final class SeatCopies {
  static final long IDLE_MILLIS = 60_000;
  private static final Logger LOG = LoggerFactory.getLogger(SeatCopies.class);

  private final Vertx vertx;
  private final Context context;
  private final SeatChanges changes;
  private final Redis redis;
  /** What readers see: the latest snapshot of each loaded copy. */
  private final Map<Long, Published> published = new ConcurrentHashMap<>();
  /** Schedules asked for with no copy yet: a load is on its way. */
  private final Map<Long, Boolean> requested = new ConcurrentHashMap<>();
  /** Schedules this process changed whose copy is reading the changed seats back: read Redis meanwhile. */
  private final Map<Long, Integer> catchingUp = new ConcurrentHashMap<>();
  /** The copies of each Vert.x instance, for the seat writes of that instance ({@link #written}). */
  private static final Map<Vertx, SeatCopies> OF_INSTANCE = new ConcurrentHashMap<>();
  /** How many times every copy was dropped at once (a lost subscription, a Redis data loss). */
  private final AtomicLong drops = new AtomicLong();
  private final List<Long> timers = new CopyOnWriteArrayList<>();
  /** The copies themselves: only on {@link #context}. */
  private final Map<Long, Copy> copies = new HashMap<>();

  /** A snapshot and when a reader last took it (for dropping idle copies). */
  private static final class Published {
    final SeatSnapshot snapshot;
    volatile long readAt;

    Published(SeatSnapshot snapshot, long readAt) {
      this.snapshot = snapshot;
      this.readAt = readAt;
    }
  }

  private SeatCopies(Vertx vertx, SeatChanges changes, Redis redis) {
    this.vertx = vertx;
    this.context = changes.context();
    this.changes = changes;
    this.redis = redis;
  }

  /**
   * The copies of this instance, fed by {@code changes}; they watch for a Redis data loss every
   * {@code config.sweepIntervalMillis()}.
   */
  public static Future<SeatCopies> start(Vertx vertx, AppConfig config, SeatChanges changes) {
    Redis redis = RedisClients.create(vertx, config);
    SeatCopies copies = new SeatCopies(vertx, changes, redis);
    RedisLossWatch lossWatch = new RedisLossWatch(vertx, redis, config.redisCluster(),
        "dropping this instance's seat map copies", () -> {
          copies.context.runOnContext(v -> copies.dropAll("Redis lost its data"));
          return Future.succeededFuture();
        }, () -> {});
    return Future.<Void>future(promise -> copies.context.runOnContext(v ->
            StartupRetry.run(vertx, "seat copies' Redis loss watch", 5, 1_000, lossWatch::baseline).onComplete(promise)))
        .onSuccess(v -> copies.context.runOnContext(w -> {
          copies.timers.add(vertx.setPeriodic(config.sweepIntervalMillis(), id -> lossWatch.tick()));
          copies.timers.add(vertx.setPeriodic(IDLE_MILLIS / 4, id -> copies.dropIdle()));
        }))
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
    if (copies != null && !seats.isEmpty()
        && (copies.published.containsKey(scheduleId) || copies.requested.containsKey(scheduleId))) {
      copies.catchingUp.merge(scheduleId, 1, Integer::sum);
      copies.context.runOnContext(v -> copies.readBack(scheduleId, seats));
    }
  }

  private void readBack(long scheduleId, List<Integer> seats) {
    Copy copy = copies.get(scheduleId);
    if (copy == null) {
      caughtUp(scheduleId); // a load is queued: its read comes after the change
      return;
    }
    copy.read(seats, () -> caughtUp(scheduleId));
  }

  private void caughtUp(long scheduleId) {
    catchingUp.computeIfPresent(scheduleId, (id, n) -> n == 1 ? null : n - 1);
  }

  /**
   * The copy of {@code scheduleId}'s seats, or null when there is none yet (read Redis instead): the
   * first ask starts loading one, if the subscription is in place.
   */
  public SeatSnapshot current(long scheduleId) {
    if (catchingUp.containsKey(scheduleId)) {
      return null;
    }
    Published current = published.get(scheduleId);
    long now = System.currentTimeMillis();
    if (current != null) {
      if (current.readAt < now - 1_000) {
        current.readAt = now; // coarse: only idleness is judged from it
      }
      return current.snapshot;
    }
    if (changes.subscribed() && requested.putIfAbsent(scheduleId, Boolean.TRUE) == null) {
      context.runOnContext(v -> load(scheduleId));
    }
    return null;
  }

  public Future<Void> close() {
    OF_INSTANCE.remove(vertx, this);
    timers.forEach(vertx::cancelTimer);
    return redis.close();
  }

  private void load(long scheduleId) {
    if (copies.containsKey(scheduleId) || !changes.subscribed()) {
      requested.remove(scheduleId);
      return;
    }
    Copy copy = new Copy(scheduleId);
    copies.put(scheduleId, copy);
    changes.add(scheduleId, copy);
    long sentAt = ++copy.stamp;
    copy.readsOnTheirWay++;
    redis.send(Request.cmd(Command.HGETALL).arg(SeatKeys.seats(scheduleId))).onComplete(all -> {
      if (copies.get(scheduleId) != copy) {
        return; // dropped meanwhile
      }
      Map<Integer, String> values = new HashMap<>();
      if (all != null) {
        for (String field : all.getKeys()) {
          values.put(Integer.parseInt(field), all.get(field).toString());
        }
      }
      // Seats absent from the hash are free: every seat the copy knows is looked at too.
      List<Integer> seats = new ArrayList<>(values.keySet());
      copy.taken.keySet().forEach(seat -> {
        if (!values.containsKey(seat)) {
          seats.add(seat);
        }
      });
      copy.take(seats, values, sentAt);
      copy.loaded = true;
      requested.remove(scheduleId);
      copy.publishNow();
    }, failure -> {
      LOG.debug("seat copy of schedule {} not loaded: {}", scheduleId, failure.toString());
      drop(copy);
    });
  }

  private void drop(Copy copy) {
    if (copies.remove(copy.scheduleId, copy)) {
      changes.remove(copy.scheduleId, copy);
      published.remove(copy.scheduleId);
      requested.remove(copy.scheduleId);
    }
  }

  /** The copies of {@code vertx}'s instance (tests). */
  static SeatCopies of(Vertx vertx) {
    return OF_INSTANCE.get(vertx);
  }

  SeatChanges changes() {
    return changes;
  }

  long drops() {
    return drops.get();
  }

  private void dropAll(String why) {
    drops.incrementAndGet();
    if (!copies.isEmpty()) {
      LOG.info("seat map copies dropped ({}): read from Redis until loaded again", why);
    }
    List.copyOf(copies.values()).forEach(this::drop);
    published.clear();
    requested.clear();
  }

  private void dropIdle() {
    long before = System.currentTimeMillis() - IDLE_MILLIS;
    List.copyOf(copies.values()).forEach(copy -> {
      Published current = published.get(copy.scheduleId);
      if (current != null && current.readAt < before) {
        drop(copy);
      }
    });
  }

  /**
   * One schedule's copy: its taken seats, and for each seat the number of the read it was last set
   * from. Reads are numbered as they are sent; each sees at least every change made before it was
   * sent, so a read is taken for a seat only if no read sent later was taken for it already (one
   * answered late never overwrites a newer one).
   */
  private final class Copy implements SeatChanges.Listener {
    final long scheduleId;
    final Map<Integer, Long> taken = new HashMap<>();
    final Map<Integer, Long> stamps = new HashMap<>();
    long stamp;
    /** Reads sent and not answered: while any is, the stamps are kept (they only judge reads). */
    int readsOnTheirWay;
    boolean loaded;

    Copy(long scheduleId) {
      this.scheduleId = scheduleId;
    }

    @Override
    public void notice(String notice) {
      onContext(() -> apply(notice));
    }

    @Override
    public void lost() {
      onContext(() -> dropAll("seat change subscription lost"));
    }

    private void onContext(Runnable action) {
      if (Vertx.currentContext() == context) {
        action.run();
      } else {
        context.runOnContext(v -> action.run());
      }
    }

    /**
     * A notice names the seats that changed; their values are read back (HMGET) rather than taken
     * from it: a hold's notice has no {@code heldUntil}, and the channel is the server's, not the
     * database's (another database's schedule of the same id publishes on it too).
     */
    private void apply(String notice) {
      if (copies.get(scheduleId) != this) {
        return;
      }
      List<Integer> changed = new ArrayList<>();
      for (String change : notice.split(" ")) {
        if (change.length() >= 2) {
          changed.add(Integer.parseInt(change, 0, change.length() - 1, 10));
        }
      }
      if (!changed.isEmpty()) {
        read(changed, () -> {});
      }
    }

    /**
     * Reads seats back from Redis (HMGET): the seats a notice named, or seats this process changed;
     * {@code then} runs once the copy took what it read.
     */
    void read(List<Integer> seats, Runnable then) {
      long sentAt = ++stamp;
      Request hmget = Request.cmd(Command.HMGET).arg(SeatKeys.seats(scheduleId));
      seats.forEach(hmget::arg);
      readsOnTheirWay++;
      redis.send(hmget).onComplete(read -> {
        if (copies.get(scheduleId) != this) {
          then.run();
          return;
        }
        Map<Integer, String> values = new HashMap<>();
        for (int i = 0; i < seats.size(); i++) {
          Response value = read.get(i);
          values.put(seats.get(i), value == null ? null : value.toString());
        }
        take(seats, values, sentAt);
        if (loaded) {
          publishNow();
        }
        then.run();
      }, failure -> {
        drop(this);
        then.run();
      });
    }

    /** Takes what read number {@code sentAt} saw, for each seat no later read has set. */
    void take(List<Integer> seats, Map<Integer, String> values, long sentAt) {
      for (Integer seat : seats) {
        if (stamps.getOrDefault(seat, 0L) > sentAt) {
          continue;
        }
        stamps.put(seat, sentAt);
        Long value = SeatSnapshot.valueOf(values.get(seat));
        if (value == null) {
          taken.remove(seat);
        } else {
          taken.put(seat, value);
        }
      }
      if (--readsOnTheirWay == 0) {
        stamps.clear();
      }
    }

    /** What readers see from now on. */
    void publishNow() {
      if (copies.get(scheduleId) == this) {
        Published before = published.get(scheduleId);
        published.put(scheduleId, new Published(SeatSnapshot.of(taken),
            before == null ? System.currentTimeMillis() : before.readAt));
      }
    }
  }
}
