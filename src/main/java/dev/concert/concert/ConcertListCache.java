package dev.concert.concert;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The concert list, cached per process: it changes only when an administrator creates a concert.
 * That instance drops its copy before answering, and tells the others over the cluster
 * ({@link ConcertVerticle#CONCERTS_CHANGED}); the TTL bounds the staleness if a signal is lost.
 * Shared by the concert verticles of all event loops, so it holds immutable snapshots only.
 */
public final class ConcertListCache {
  static final long TTL_MILLIS = 5_000;

  private record Entry(JsonObject list, long loadedAt) {}

  private final AtomicReference<Entry> entry = new AtomicReference<>();
  /** Bumped by every invalidation; a load that started before one must not be stored. */
  private final AtomicLong generation = new AtomicLong();
  private final Supplier<Long> clock;

  public ConcertListCache() {
    this(System::currentTimeMillis);
  }

  ConcertListCache(Supplier<Long> clock) {
    this.clock = clock;
  }

  /** A copy of the cached list, or a fresh one from {@code load}. */
  public Future<JsonObject> get(Supplier<Future<JsonObject>> load) {
    Entry cached = entry.get();
    if (cached != null && clock.get() - cached.loadedAt() < TTL_MILLIS) {
      return Future.succeededFuture(cached.list().copy());
    }
    long before = generation.get();
    long startedAt = clock.get();
    return load.get().map(list -> {
      if (generation.get() == before) {
        entry.set(new Entry(list.copy(), startedAt));
      }
      return list;
    });
  }

  public void invalidate() {
    generation.incrementAndGet();
    entry.set(null);
  }
}
