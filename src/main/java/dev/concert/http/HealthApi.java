package dev.concert.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Liveness (the process serves) and readiness (Postgres and Redis answer, with each one's state). */
public final class HealthApi {
  private static final long CHECK_TIMEOUT_MS = 2_000;
  private final Map<String, Supplier<Future<JsonObject>>> checks = new LinkedHashMap<>();

  public HealthApi(Pool pool, Redis redis) {
    checks.put("postgres", () -> pool.query("SELECT 1").execute().map(rows -> up()));
    checks.put("redis", () -> redis.send(Request.cmd(Command.PING)).map(pong -> up()));
  }

  /** Adds a readiness check; a failed future marks the dependency DOWN. */
  public HealthApi check(String name, Supplier<Future<JsonObject>> check) {
    checks.put(name, check);
    return this;
  }

  public void register(Routes routes) {
    routes.open("healthLive", ctx -> Replies.json(ctx, 200, new JsonObject().put("status", "UP")));
    routes.open("healthReady", this::ready);
  }

  private void ready(RoutingContext ctx) {
    JsonObject details = new JsonObject();
    Future<?>[] all = checks.entrySet().stream().map(entry -> entry.getValue().get()
        .timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .otherwise(failure -> new JsonObject().put("status", "DOWN").put("error", String.valueOf(failure.getMessage())))
        .onSuccess(state -> details.put(entry.getKey(), state)))
        .toArray(Future[]::new);
    Future.join(java.util.List.of(all)).onComplete(done -> {
      boolean up = details.stream().allMatch(e -> "UP".equals(((JsonObject) e.getValue()).getString("status")));
      Replies.json(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", details));
    });
  }

  public static JsonObject up() {
    return new JsonObject().put("status", "UP");
  }
}
