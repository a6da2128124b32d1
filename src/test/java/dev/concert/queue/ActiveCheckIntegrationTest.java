package dev.concert.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.TestApp;
import dev.concert.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gate's active check on real Redis: the checks one event-loop turn asks for go as one batch
 * per room, each answered by its own script run; after Redis lost its scripts they still answer.
 */
class ActiveCheckIntegrationTest {
  private TestApp app;
  private CountingRedis redis;
  private final Room room = new Room(9_001L, null, 10, 100, null);
  private final Room otherRoom = new Room(9_002L, null, 10, 100, null);

  @BeforeEach
  void start() {
    app = TestApp.start(HandTicks.NO_TICKS);
    redis = new CountingRedis(app.redis());
  }

  @AfterEach
  void stop() {
    app.close();
  }

  @Test
  void theChecksOfOneTurnGoAsOneBatchPerRoomAndEachGetsItsOwnAnswer() {
    Map<String, Boolean> expected = tokens();
    Map<String, Boolean> answers = askInOneTurn(expected);

    assertThat(answers).isEqualTo(expected);
    assertThat(redis.batches.get()).as("one batch per room").isEqualTo(2);
    assertThat(redis.sends.get()).as("no check sent alone").isZero();
  }

  @Test
  void afterRedisLostItsScriptsEveryCheckOfTheBatchIsAskedAgainAndAnswered() {
    Map<String, Boolean> expected = tokens();
    forgetScripts();

    assertThat(askInOneTurn(expected)).isEqualTo(expected);
    assertThat(redis.batches.get()).isEqualTo(2);
    assertThat(redis.sends.get()).as("each again on its own").isGreaterThanOrEqualTo(expected.size());
  }

  /** SCRIPT FLUSH on the Redis, or on every master of the cluster (the command goes to one node). */
  private void forgetScripts() {
    if (!TestServices.onRedisCluster()) {
      TestApp.await(app.redis().send(Request.cmd(Command.SCRIPT).arg("FLUSH")));
      return;
    }
    for (String node : TestServices.redisClusterNodes().split(",")) {
      Redis master = Redis.createClient(app.vertx(), "redis://" + node.trim());
      TestApp.await(master.send(Request.cmd(Command.SCRIPT).arg("FLUSH")));
      TestApp.await(master.close());
    }
  }

  /** Tokens of both rooms: active now, past their active time, never active. */
  private Map<String, Boolean> tokens() {
    long now = System.currentTimeMillis();
    Map<String, Boolean> expected = new HashMap<>();
    for (Room r : List.of(room, otherRoom)) {
      TestApp.await(app.redis().send(Request.cmd(Command.DEL).arg(r.active())));
      for (int i = 0; i < 60; i++) {
        String token = r.concertId() + "-" + i;
        int kind = i % 3;
        if (kind < 2) {
          long activeUntil = kind == 0 ? now + 600_000 : now - 600_000;
          TestApp.await(app.redis().send(Request.cmd(Command.ZADD).arg(r.active()).arg(activeUntil).arg(token)));
        }
        expected.put(token, kind == 0);
      }
    }
    return expected;
  }

  /**
   * Asks for every token from one task on an event loop, each from a context of its own as the
   * requests read in one turn would (Vert.x gives each request a duplicate of the loop's context);
   * each answer must come back on its asker's context.
   */
  private Map<String, Boolean> askInOneTurn(Map<String, Boolean> tokens) {
    ActiveCheck check = new ActiveCheck(redis);
    ContextInternal loop = (ContextInternal) app.vertx().getOrCreateContext();
    Promise<Map<String, Boolean>> answered = Promise.promise();
    AtomicInteger elsewhere = new AtomicInteger();
    loop.runOnContext(v -> {
      Map<String, Boolean> answers = new HashMap<>();
      List<Future<Boolean>> all = new ArrayList<>();
      tokens.keySet().forEach(token -> {
        ContextInternal request = loop.duplicate();
        request.dispatch(() -> all.add(check.isActive(token.startsWith("9001") ? room : otherRoom, token)
            .onSuccess(active -> {
              answers.put(token, active);
              if (Vertx.currentContext() != request) {
                elsewhere.incrementAndGet();
              }
            })));
      });
      Future.all(all).onComplete(done -> {
        if (done.succeeded()) {
          answered.complete(answers);
        } else {
          answered.fail(done.cause());
        }
      });
    });
    Map<String, Boolean> answers = TestApp.await(answered.future());
    assertThat(elsewhere.get()).as("answers that came back on another request's context").isZero();
    return answers;
  }

  /** Real Redis underneath; counts how the checks were sent. */
  private static final class CountingRedis implements Redis {
    final AtomicInteger sends = new AtomicInteger();
    final AtomicInteger batches = new AtomicInteger();
    private final Redis redis;

    CountingRedis(Redis redis) {
      this.redis = redis;
    }

    @Override
    public Future<Response> send(Request request) {
      sends.incrementAndGet();
      return redis.send(request);
    }

    @Override
    public Future<List<Response>> batch(List<Request> requests) {
      batches.incrementAndGet();
      return redis.batch(requests);
    }

    @Override
    public Future<RedisConnection> connect() {
      return redis.connect();
    }

    @Override
    public Future<Void> close() {
      return Future.succeededFuture();
    }
  }
}
