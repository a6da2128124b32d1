package dev.concert.queue;

import dev.concert.infra.LuaScript;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ACTIVE gate's fast path (queue_active.lua): whether a token is active now, in one small
 * script. Admitted buyers make nearly all of the gate's calls (holds, payments, seat maps), and the
 * full state script ({@link RedisQueueStore#place}) passes nine keys and ten arguments for what
 * only a waiting or lost token needs; the gate asks it only when this answers no.
 *
 * <p>The checks asked for during one turn of the event loop (the requests of every connection
 * that was readable at once) go to Redis together, one {@code batch} per room: one write and one
 * read on each side instead of one per check (see docs/benchmarks.md). Each is still its own
 * script call, answered from Redis's state when Redis runs it: the gate stays exact. A batch
 * names one room's key only, so on a Redis Cluster it goes to that room's master.
 *
 * <p>Batches only on one event loop, the first that asks (one gate per HTTP verticle, on its loop);
 * a check from anywhere else goes alone.
 */
final class ActiveCheck {
  private static final LuaScript ACTIVE = LuaScript.load("queue_active");

  private final Redis redis;
  /** The event-loop thread whose checks are batched (the first to ask); any other thread's go alone. */
  private Thread home;
  /** The checks asked for in this turn, by room key; null when none is waiting to go. */
  private Map<String, List<Asked>> asked;

  private record Asked(String tokenId, Promise<Boolean> answer) {}

  ActiveCheck(Redis redis) {
    this.redis = redis;
  }

  /** Whether the token is active in its room now (Redis's clock). */
  Future<Boolean> isActive(Room room, String tokenId) {
    Context context = Vertx.currentContext();
    Thread thread = Thread.currentThread();
    if (home == null && context != null && context.isEventLoopContext()) {
      home = thread;
    }
    // Each request runs on a context of its own (a duplicate of the loop's), so the loop is told
    // by its thread.
    if (context == null || thread != home) {
      return one(room.active(), tokenId);
    }
    if (asked == null) {
      asked = new LinkedHashMap<>();
      // Runs once the loop has handled every connection that was ready (Netty runs its tasks then).
      context.runOnContext(v -> sendAsked());
    }
    // Answered on the asking request's own context, as a single send is: the rest of its chain,
    // and its log context, stay its own.
    Promise<Boolean> answer = ((ContextInternal) context).promise();
    asked.computeIfAbsent(room.active(), key -> new ArrayList<>()).add(new Asked(tokenId, answer));
    return answer.future();
  }

  private void sendAsked() {
    Map<String, List<Asked>> rooms = asked;
    asked = null;
    rooms.forEach(this::send);
  }

  private void send(String key, List<Asked> checks) {
    if (checks.size() == 1) {
      one(key, checks.get(0).tokenId()).onComplete(checks.get(0).answer());
      return;
    }
    // A batch (LuaScript.runBatch); the script only reads, so a check run again after NOSCRIPT
    // changes nothing.
    List<List<String>> tokens = checks.stream().map(check -> List.of(check.tokenId())).toList();
    List<Future<Response>> answers = ACTIVE.runBatch(redis, List.of(key), tokens);
    for (int i = 0; i < checks.size(); i++) {
      answers.get(i).map(ActiveCheck::isActive).onComplete(checks.get(i).answer());
    }
  }

  private Future<Boolean> one(String key, String tokenId) {
    return ACTIVE.run(redis, List.of(key), List.of(tokenId)).map(ActiveCheck::isActive);
  }

  /** The script's answer: the token's activeUntil if active now, else 0. */
  private static boolean isActive(Response activeUntil) {
    return activeUntil.toLong() > 0;
  }
}
