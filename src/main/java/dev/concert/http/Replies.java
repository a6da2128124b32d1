package dev.concert.http;

import dev.concert.shared.Address;
import dev.concert.shared.Bus;
import dev.concert.shared.StatusReply;
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

  /** Sends {@code request(ctx)} to {@code address} and answers {@code status} with the reply, which is the body as is. */
  public static <Q> Handler<RoutingContext> forward(
      Vertx vertx, Address<Q, JsonObject> address, int status, Function<RoutingContext, Q> request) {
    Bus bus = Bus.of(vertx);
    return ctx -> bus.request(address, request.apply(ctx))
        .onComplete(reply -> json(ctx, status, reply), ctx::fail);
  }

  /** The {@code Idempotency-Key} header, null if not sent. */
  public static String idempotencyKey(RoutingContext ctx) {
    return ctx.request().getHeader("Idempotency-Key");
  }

  /** Replies of idempotent operations carry their own status. */
  public static void withOwnStatus(RoutingContext ctx, Future<StatusReply> reply) {
    reply.onComplete(r -> json(ctx, r.status(), r.body()), ctx::fail);
  }

  /** The validated JSON body of the request. */
  public static JsonObject body(RoutingContext ctx) {
    return ctx.get(ContractValidator.BODY);
  }

  public static String userId(RoutingContext ctx) {
    return ctx.get(RequestLog.USER_ID);
  }
}
