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

/**
 * Liveness (the process serves) and readiness (Postgres and Redis answer, with each one's state).
 * The public sees UP/DOWN per dependency only; the details (error texts naming hosts, ports and
 * users, the outbox backlog) are for operators: see {@link OperatorAccess}.
 */
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

  public void register(Routes routes, OperatorAccess operators) {
    routes.open("healthLive", ctx -> Replies.json(ctx, 200, new JsonObject().put("status", "UP")));
    routes.open("healthReady", ctx -> ready(ctx, operators.isOperator(ctx)));
  }

  /** Readiness with every dependency's details (for the management port). */
  public void readyWithDetails(RoutingContext ctx) {
    ready(ctx, true);
  }

  private void ready(RoutingContext ctx, boolean details) {
    JsonObject checked = new JsonObject();
    Future<?>[] all = checks.entrySet().stream().map(entry -> entry.getValue().get()
        .timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .otherwise(failure -> new JsonObject().put("status", "DOWN").put("error", String.valueOf(failure.getMessage())))
        .onSuccess(state -> checked.put(entry.getKey(), state)))
        .toArray(Future[]::new);
    Future.join(java.util.List.of(all)).onComplete(done -> {
      boolean up = checked.stream().allMatch(e -> "UP".equals(((JsonObject) e.getValue()).getString("status")));
      JsonObject shown = details ? checked : statusOnly(checked);
      Replies.json(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", shown));
    });
  }

  private static JsonObject statusOnly(JsonObject checked) {
    JsonObject shown = new JsonObject();
    checked.forEach(e -> shown.put(e.getKey(), new JsonObject().put("status", ((JsonObject) e.getValue()).getString("status"))));
    return shown;
  }

  public static JsonObject up() {
    return new JsonObject().put("status", "UP");
  }
}
