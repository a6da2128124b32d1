package dev.concert.http;

import dev.concert.shared.Bus;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/** The HTTP side of a feature: translate the request to a bus message, the reply to a response. */
public final class Replies {
  private Replies() {}

  public static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.toBuffer());
  }

  /** A reply already rendered as JSON text. */
  public static void json(RoutingContext ctx, int status, Buffer body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body);
  }

  /** Sends {@code request(ctx)} to {@code address} and answers {@code status} with the reply. */
  public static Handler<RoutingContext> forward(
      Vertx vertx, String address, int status, Function<RoutingContext, JsonObject> request) {
    return ctx -> Bus.request(vertx, address, request.apply(ctx))
        .onComplete(reply -> json(ctx, status, reply), ctx::fail);
  }

  /** The user and, if sent, the {@code Idempotency-Key}: the start of an idempotent operation's message. */
  public static JsonObject keyed(RoutingContext ctx) {
    JsonObject request = new JsonObject().put("userId", userId(ctx));
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key != null) {
      request.put("idempotencyKey", key);
    }
    return request;
  }

  /** Replies of idempotent operations carry their own status: {@code {status, body}}. */
  public static void withOwnStatus(RoutingContext ctx, Future<JsonObject> reply) {
    reply.onComplete(r -> json(ctx, r.getInteger("status"), r.getJsonObject("body")), ctx::fail);
  }

  /** The validated JSON body of the request. */
  public static JsonObject body(RoutingContext ctx) {
    return ctx.get(ContractValidator.BODY);
  }

  public static String userId(RoutingContext ctx) {
    return ctx.get(RequestLog.USER_ID);
  }
}
