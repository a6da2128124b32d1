package dev.concert.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Lock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the cluster is used for, and all it is trusted with: hints that save work.
 * <ul>
 *   <li>{@link #publish}/{@link #subscribe}: a message to every instance (e.g. "the concert list
 *       changed"), at most once; a lost signal only leaves a cache stale until its TTL.</li>
 *   <li>{@link #runAsLeader}: periodic work that one instance per time slot is enough for (e.g. the
 *       expiry sweep). The work must already be safe when several instances run it at once
 *       (Redis Lua, Postgres {@code SKIP LOCKED}): the cluster lock only spares the duplicate.</li>
 * </ul>
 * Without clustering both degrade to this instance alone.
 */
public final class ClusterSignals {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterSignals.class);
  private static final String LOCK_PREFIX = "concert.leader.";
  /** A slot's lock is tried, never waited for: held means another instance has the slot. */
  private static final long LOCK_WAIT_MS = 0;
  private static volatile boolean lockTroubleLogged;

  private ClusterSignals() {}

  /** Delivers {@code body} to every subscriber of {@code address} on every instance. */
  public static void publish(Vertx vertx, String address, JsonObject body) {
    vertx.eventBus().publish(address, body);
  }

  /** Subscribes cluster-wide: every instance's subscribers get every published message. */
  public static MessageConsumer<JsonObject> subscribe(Vertx vertx, String address, Consumer<JsonObject> handler) {
    return vertx.eventBus().<JsonObject>consumer(address, message -> handler.accept(message.body()));
  }

  /**
   * Runs {@code work} if this instance wins the current time slot of {@code task} (slots are
   * {@code slotMillis} long, numbered by wall-clock time). The slot's lock is kept until the slot
   * ends, so the other instances' ticks in the same slot skip. A slot's lock is never reused: an
   * instance that dies holding it costs one slot, not the task. If the lock cannot be had for
   * another reason (the cluster is broken), the work runs anyway: it is safe to run twice.
   *
   * @return whether {@code work} ran here
   */
  public static Future<Boolean> runAsLeader(Vertx vertx, String task, long slotMillis, Runnable work) {
    if (!vertx.isClustered()) {
      work.run();
      return Future.succeededFuture(true);
    }
    long now = System.currentTimeMillis();
    long slot = now / slotMillis;
    long slotEnd = (slot + 1) * slotMillis;
    return vertx.sharedData().getLockWithTimeout(LOCK_PREFIX + task + "." + slot, LOCK_WAIT_MS)
        .transform(locked -> {
          if (locked.succeeded()) {
            releaseAt(vertx, locked.result(), slotEnd);
          } else if (heldElsewhere(locked.cause())) {
            return Future.succeededFuture(false);
          } else if (!lockTroubleLogged) {
            lockTroubleLogged = true;
            LOG.warn("cluster lock for {} unavailable ({}); running it here anyway (logged once)", task, locked.cause().toString());
          }
          work.run();
          return Future.succeededFuture(true);
        });
  }

  /** Vert.x reports a lock it could not get in time as "Timed out waiting to get lock". */
  private static boolean heldElsewhere(Throwable failure) {
    return String.valueOf(failure.getMessage()).startsWith("Timed out");
  }

  private static void releaseAt(Vertx vertx, Lock lock, long slotEnd) {
    long delay = slotEnd - System.currentTimeMillis();
    if (delay < 1) {
      lock.release();
    } else {
      vertx.setTimer(delay, id -> lock.release());
    }
  }
}
