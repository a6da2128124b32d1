package dev.concert.concert;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConcertListCacheTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final AtomicInteger loads = new AtomicInteger();
  private final ConcertListCache cache = new ConcertListCache(now::get);

  private Future<JsonObject> load() {
    return Future.succeededFuture(new JsonObject().put("load", loads.incrementAndGet()));
  }

  @Test
  void servesTheCachedListUntilTheTtl() {
    assertThat(cache.get(this::load).result().getInteger("load")).isEqualTo(1);
    now.addAndGet(ConcertListCache.TTL_MILLIS - 1);
    assertThat(cache.get(this::load).result().getInteger("load")).isEqualTo(1);
    now.addAndGet(1);
    assertThat(cache.get(this::load).result().getInteger("load")).isEqualTo(2);
  }

  @Test
  void invalidationForcesAReload() {
    cache.get(this::load);
    cache.invalidate();
    assertThat(cache.get(this::load).result().getInteger("load")).isEqualTo(2);
  }

  @Test
  void aLoadOverlappingAnInvalidationIsNotStored() {
    Promise<JsonObject> slow = Promise.promise();
    Future<JsonObject> first = cache.get(slow::future);
    cache.invalidate();
    slow.complete(new JsonObject().put("load", 0));
    assertThat(first.result().getInteger("load")).isZero();
    assertThat(cache.get(this::load).result().getInteger("load")).isEqualTo(1);
  }

  @Test
  void callersGetCopies() {
    cache.get(this::load).result().put("load", 99);
    assertThat(cache.get(this::load).result().getInteger("load")).isEqualTo(1);
  }
}
