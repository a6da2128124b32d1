package dev.concert.seats;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The clock of holds is Redis's: the hold script stamps {@code heldUntil} with Redis's TIME and
 * judges lapses by it, and Postgres stores that {@code heldUntil}. The service never compares a
 * hold's time with its own clock: it uses this estimate of Redis's, its own clock plus the offset
 * measured with TIME (off by at most half that command's round trip). So a service clock seconds
 * away from Redis's neither refuses every hold (a deadline already past by Redis's clock) nor
 * shows lapsed holds as held, or live ones as free.
 */
public final class HoldClock {
  /** How often the offset is measured again (in the background: no request waits for it). */
  static final long REMEASURE_MILLIS = 5_000;
  /** A measurement slower than this (a stalled Redis) is too rough to replace a known offset. */
  static final long ROUGHEST_MEASURE_MILLIS = 250;
  private static final HoldClock SYSTEM = new HoldClock(Clock.systemUTC());
  private static final long NEVER = Long.MIN_VALUE;

  private final Clock local;
  private final AtomicBoolean measuring = new AtomicBoolean();
  private volatile long offsetMillis;
  private volatile long measuredAt = NEVER;

  /** This process's estimate, on the system clock. */
  public static HoldClock system() {
    return SYSTEM;
  }

  /** On another clock than the system's (a test's skewed one). */
  public HoldClock(Clock local) {
    this.local = local;
  }

  /** Now, by Redis's clock as far as it was measured (the local clock until the first measurement). */
  public long millis() {
    return local.millis() + offsetMillis;
  }

  /**
   * Completes once the offset is known: the first call waits for a measurement, later calls never
   * wait (a measurement older than {@link #REMEASURE_MILLIS} is renewed in the background).
   */
  Future<Void> known(Redis redis) {
    long at = measuredAt;
    if (at == NEVER) {
      return measure(redis);
    }
    if (local.millis() - at >= REMEASURE_MILLIS && measuring.compareAndSet(false, true)) {
      measure(redis).onComplete(done -> measuring.set(false));
    }
    return Future.succeededFuture();
  }

  private Future<Void> measure(Redis redis) {
    long sent = local.millis();
    return redis.send(Request.cmd(Command.TIME)).map(time -> {
      long received = local.millis();
      if (measuredAt == NEVER || received - sent <= ROUGHEST_MEASURE_MILLIS) {
        long redisMillis = time.get(0).toLong() * 1000 + time.get(1).toLong() / 1000;
        offsetMillis = redisMillis - (sent + received) / 2;
        measuredAt = received;
      }
      return null;
    });
  }
}
