package dev.concert.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Rate-limits a repeated warning: a dependency that is down fails every request, and one line per
 * request (let alone a stack trace) buries the log. The first occurrence of a key is logged, later
 * ones only counted until {@code quietMillis} passed; the next logged line says how many were
 * suppressed. Safe from any thread (event loops share it).
 */
public final class RepeatedLog {
  private final long quietMillis;
  private final LongSupplier clockMillis;
  private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

  private static final class Window {
    final AtomicLong openedAt;
    final AtomicLong suppressed = new AtomicLong();

    Window(long openedAt) {
      this.openedAt = new AtomicLong(openedAt);
    }
  }

  public RepeatedLog(long quietMillis, LongSupplier clockMillis) {
    this.quietMillis = quietMillis;
    this.clockMillis = clockMillis;
  }

  public RepeatedLog(long quietMillis) {
    this(quietMillis, System::currentTimeMillis);
  }

  /**
   * Whether to log this occurrence of {@code key}: -1 to stay quiet, otherwise how many were
   * suppressed since the last logged one (0 the first time).
   */
  public long admit(String key) {
    long now = clockMillis.getAsLong();
    Window fresh = new Window(now);
    Window window = windows.putIfAbsent(key, fresh);
    if (window == null) {
      return 0;
    }
    long opened = window.openedAt.get();
    if (now - opened >= quietMillis && window.openedAt.compareAndSet(opened, now)) {
      return window.suppressed.getAndSet(0);
    }
    window.suppressed.incrementAndGet();
    return -1;
  }

  /** Forgets {@code key}: the next failure is news again (call when the dependency recovered). */
  public void reset(String key) {
    windows.remove(key);
  }
}
