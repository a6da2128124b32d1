package dev.concert.infra;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a Redis that lost its data while the service runs, and rebuilds what Redis keeps from
 * Postgres, the record, without a restart. Every instance watches on its own timer: the first to
 * look after a loss finds its marker gone (and writes a new one), the others find a marker they
 * have not seen; each rebuilds, which is safe because a rebuild only writes what Postgres says.
 * A changed run id (the server restarted, perhaps from an older snapshot) counts as a loss too.
 */
public final class RedisLossWatch {
  private static final Logger LOG = LoggerFactory.getLogger(RedisLossWatch.class);
  private static final LuaScript MARKER = LuaScript.load("infra_redis_marker");
  /**
   * A second rebuild this long after the first: a hold that Redis let through while it was empty and
   * that Postgres then refused kept the first rebuild from writing the real hold (holds are only
   * written on free seats); released since, the seat is free for the second one.
   */
  static final long SECOND_PASS_MILLIS = 1_000;

  private record Seen(String value, String runId) {}

  private final Vertx vertx;
  private final Redis redis;
  private final boolean cluster;
  private final String action;
  private final Supplier<Future<?>> rebuild;
  private final Runnable counter;
  private final Map<String, Seen> seen = new HashMap<>();
  private boolean baselined;
  private boolean checking;
  private boolean failing;

  /**
   * {@code rebuild} writes everything Redis should hold back from Postgres; it may run at any time
   * and twice. {@code counter} counts each loss seen (a metric).
   */
  public RedisLossWatch(Vertx vertx, Redis redis, boolean cluster, Supplier<Future<?>> rebuild, Runnable counter) {
    this(vertx, redis, cluster, "rebuilding from Postgres", rebuild, counter);
  }

  /** As above, for another reaction to a loss than the rebuild: {@code action} words it in the log. */
  public RedisLossWatch(Vertx vertx, Redis redis, boolean cluster, String action, Supplier<Future<?>> rebuild,
      Runnable counter) {
    this.action = action;
    this.vertx = vertx;
    this.redis = redis;
    this.cluster = cluster;
    this.rebuild = rebuild;
    this.counter = counter;
  }

  /** At start, before the first rebuild: notes the markers (writing them where missing) and run ids. */
  public Future<Void> baseline() {
    return look().map(losses -> {
      baselined = true;
      return null;
    });
  }

  /** One timer tick: looks, and rebuilds after a loss; never overlaps itself. */
  public void tick() {
    if (checking || !baselined) {
      return;
    }
    checking = true;
    check().onComplete(lost -> {
      checking = false;
      if (failing) {
        LOG.info("Redis loss watch reaches Redis again");
      }
      failing = false;
    }, failure -> {
      checking = false;
      if (!failing) {
        LOG.warn("Redis loss watch failed (retrying every tick, logged once): {}", failure.toString());
      }
      failing = true;
    });
  }

  /** Looks once; after a loss, rebuilds (and again a moment later). Whether a loss was seen. */
  public Future<Boolean> check() {
    return look().compose(losses -> {
      if (losses.isEmpty()) {
        return Future.succeededFuture(false);
      }
      counter.run();
      long started = System.nanoTime();
      LOG.warn("Redis lost its data ({}): {}", String.join("; ", losses), action);
      return rebuild.get().map(done -> {
        LOG.info("{}: done in {} ms after the loss", action, (System.nanoTime() - started) / 1_000_000);
        vertx.setTimer(SECOND_PASS_MILLIS, id -> rebuild.get()
            .onFailure(f -> LOG.warn("{} again after the Redis loss failed: {}", action, f.toString())));
        return true;
      });
    });
  }

  /** Runs the marker script on every marker key; what changed since the last look. */
  private Future<List<String>> look() {
    return RedisMarkers.keys(redis, cluster).compose(keys -> {
      String fresh = UUID.randomUUID().toString();
      List<Future<io.vertx.redis.client.Response>> answers = new ArrayList<>(keys.size());
      keys.forEach(key -> answers.add(MARKER.run(redis, List.of(key), List.of(fresh))));
      return Future.all(answers).map(all -> {
        List<String> losses = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
          io.vertx.redis.client.Response r = answers.get(i).result();
          Seen now = new Seen(r.get(0).toString(), r.get(2).toString());
          Seen before = seen.put(keys.get(i), now);
          String where = cluster ? "master of " + keys.get(i) : "Redis";
          if (r.get(1).toInteger() == 1 && baselined) {
            losses.add(where + ": marker gone");
          } else if (before != null && !before.value().equals(now.value())) {
            losses.add(where + ": marker written anew by another instance");
          } else if (before != null && !before.runId().equals(now.runId())) {
            losses.add(where + ": server restarted (run id " + before.runId() + " -> " + now.runId() + ")");
          }
        }
        return losses;
      });
    });
  }
}
