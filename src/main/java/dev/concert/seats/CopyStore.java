package dev.concert.seats;

import io.vertx.core.Context;
import io.vertx.redis.client.Redis;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where this instance's seat copies live ({@link SeatCopies}): the {@link Copy}s themselves, only
 * on the subscription's context; the snapshot readers on any event loop take of each; the loads on
 * their way. Adds and drops copies; what a copy holds and how it reads Redis is {@link Copy}'s.
 *
 * <p>A copy is loaded when first asked for, only while the subscription is in place: its listener
 * is registered first, then the seat hash is read (HGETALL, {@link Copy#load}), so no change made
 * meanwhile goes unnoticed.
 */
final class CopyStore {
  /** The copies' log lines are SeatCopies's, as before they had classes of their own. */
  private static final Logger LOG = LoggerFactory.getLogger(SeatCopies.class);

  private final Context context;
  private final SeatChanges changes;
  private final Redis redis;
  /** What readers see: the latest snapshot of each loaded copy. */
  private final Map<Long, Published> published = new ConcurrentHashMap<>();
  /** Schedules asked for with no copy yet: a load is on its way. */
  private final Map<Long, Boolean> requested = new ConcurrentHashMap<>();
  /** How many times every copy was dropped at once (a lost subscription, a Redis data loss). */
  private final AtomicLong drops = new AtomicLong();
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

  CopyStore(SeatChanges changes, Redis redis) {
    this.context = changes.context();
    this.changes = changes;
    this.redis = redis;
  }

  /** The subscription's context: the copies' working state is only touched there. */
  Context context() {
    return context;
  }

  /**
   * The latest snapshot of {@code scheduleId}'s copy, or null when there is none yet: the first ask
   * starts loading one, if the subscription is in place. Any event loop.
   */
  SeatSnapshot current(long scheduleId) {
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

  /** True when the schedule has a copy or one is on its way. Any event loop. */
  boolean kept(long scheduleId) {
    return published.containsKey(scheduleId) || requested.containsKey(scheduleId);
  }

  /** The copy of {@code scheduleId}, or null. On {@link #context}. */
  Copy copy(long scheduleId) {
    return copies.get(scheduleId);
  }

  /** False once {@code copy} was dropped: what it reads after that is thrown away. */
  boolean holds(Copy copy) {
    return copies.get(copy.scheduleId) == copy;
  }

  long drops() {
    return drops.get();
  }

  private void load(long scheduleId) {
    if (copies.containsKey(scheduleId) || !changes.subscribed()) {
      requested.remove(scheduleId);
      return;
    }
    Copy copy = new Copy(scheduleId, this, redis);
    copies.put(scheduleId, copy);
    changes.add(scheduleId, copy);
    copy.load();
  }

  /** {@code copy}'s load was answered and taken: readers have it from now on. */
  void loaded(Copy copy) {
    requested.remove(copy.scheduleId);
    publish(copy);
  }

  /** What readers see of {@code copy} from now on, unless it was dropped. */
  void publish(Copy copy) {
    if (holds(copy)) {
      Published before = published.get(copy.scheduleId);
      published.put(copy.scheduleId, new Published(copy.snapshot(),
          before == null ? System.currentTimeMillis() : before.readAt));
    }
  }

  /** Drops {@code copy} (a failed read, or idle): reads of its schedule go to Redis until loaded again. */
  void drop(Copy copy) {
    if (copies.remove(copy.scheduleId, copy)) {
      changes.remove(copy.scheduleId, copy);
      published.remove(copy.scheduleId);
      requested.remove(copy.scheduleId);
    }
  }

  /** Drops every copy: changes may have been missed ({@code why}). */
  void dropAll(String why) {
    drops.incrementAndGet();
    if (!copies.isEmpty()) {
      LOG.info("seat map copies dropped ({}): read from Redis until loaded again", why);
    }
    List.copyOf(copies.values()).forEach(this::drop);
    published.clear();
    requested.clear();
  }

  /** Drops the copies no reader took since {@code before} (epoch millis). */
  void dropReadBefore(long before) {
    List.copyOf(copies.values()).forEach(copy -> {
      Published current = published.get(copy.scheduleId);
      if (current != null && current.readAt < before) {
        drop(copy);
      }
    });
  }
}
