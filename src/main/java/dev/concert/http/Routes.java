package dev.concert.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Binds handlers to the operations of {@code openapi.yaml}: each operation gets its gate, then the
 * contract's validation, then the handler. Features register their operations here.
 */
public final class Routes {
  private static final String HOLDER = "tokenHolder";
  private final RouterBuilder builder;
  private final ContractValidator validator;
  private final TokenGate gate;
  private final StreamLimits streams;
  /** Checks that run after an operation's gate and validation, before its handler. */
  private final Map<String, Handler<RoutingContext>> checks = new HashMap<>();

  public Routes(RouterBuilder builder, ContractValidator validator, TokenGate gate, StreamLimits streams) {
    this.builder = builder;
    this.validator = validator;
    this.gate = gate;
    this.streams = streams;
  }

  /** The token gate, for operations whose gate depends on the request. */
  public TokenGate gate() {
    return gate;
  }

  /**
   * Adds a check (e.g. a rate limit) between the validation and the handler of {@code operationId};
   * call it before the operation is registered.
   */
  public void check(String operationId, Handler<RoutingContext> check) {
    checks.put(operationId, check);
  }

  /** No gate. */
  public void open(String operationId, Handler<RoutingContext> handler) {
    withCheck(operationId, route(operationId).addHandler(validator.forOperation(operationId))).addHandler(handler);
  }

  /** A synchronous pre-check (e.g. the admin key) before validation. */
  public void guarded(String operationId, Handler<RoutingContext> check, Handler<RoutingContext> handler) {
    route(operationId).addHandler(check).addHandler(validator.forOperation(operationId)).addHandler(handler);
  }

  /**
   * Needs an ACTIVE token whose room covers {@code target} (read after validation); the handler
   * finds the user under {@link RequestLog#USER_ID}.
   */
  public void active(String operationId, Function<RoutingContext, RoomTarget> target, Handler<RoutingContext> handler) {
    gated(operationId, gate::requireActive, ctx -> gate.requireRoom(holder(ctx), target.apply(ctx))
        .onComplete(inRoom -> handler.handle(ctx), ctx::fail));
  }

  /** The identity gate: a live (or recently ended) queue token of the user, or the provider's JWT. */
  public void identity(String operationId, Handler<RoutingContext> handler) {
    gated(operationId, gate::requireIdentity, handler);
  }

  /**
   * A server-sent event stream behind the ACTIVE gate (room included, as {@link #active}), checked
   * once at connect: the token may also come as
   * {@code ?access_token=} (browsers' EventSource cannot set headers); the query is never logged.
   * Then counted ({@link StreamLimits}): 429 past the address's limit, the token's oldest stream
   * ended past the token's.
   */
  public void activeStream(String operationId, Function<RoutingContext, RoomTarget> target,
      Handler<RoutingContext> handler) {
    gated(operationId, gate::requireActive, ctx -> gate.requireRoom(holder(ctx), target.apply(ctx))
        .onComplete(inRoom -> counted(ctx, handler), ctx::fail), true);
  }

  /** A server-sent event stream behind the identity gate, token and counts as in {@link #activeStream}. */
  public void identityStream(String operationId, Handler<RoutingContext> handler) {
    gated(operationId, gate::requireIdentity, ctx -> counted(ctx, handler), true);
  }

  /** Counts the stream, then serves it; its lease goes when the request ends, if no stream took it. */
  private void counted(RoutingContext ctx, Handler<RoutingContext> handler) {
    streams.admit(ctx, holder(ctx).tokenId()).onComplete(lease -> {
      if (lease != null) {
        ctx.put(StreamLimits.LEASE, lease);
        ctx.addEndHandler(ended -> lease.release());
      }
      handler.handle(ctx);
    }, ctx::fail);
  }

  /** The request's {@code Authorization}, or {@code Bearer <access_token>} where a stream allows it. */
  public static String authorization(RoutingContext ctx, boolean queryToken) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null || !queryToken) {
      return header;
    }
    String token = ctx.request().getParam("access_token");
    return token == null ? null : "Bearer " + token;
  }

  /** What the request's gate found its token says. */
  public static TokenGate.Holder holder(RoutingContext ctx) {
    return ctx.get(HOLDER);
  }

  private void gated(String operationId, Function<String, Future<TokenGate.Holder>> check, Handler<RoutingContext> handler) {
    gated(operationId, check, handler, false);
  }

  private void gated(String operationId, Function<String, Future<TokenGate.Holder>> check, Handler<RoutingContext> handler,
      boolean queryToken) {
    OpenAPIRoute route = route(operationId)
        .addHandler(ctx -> check.apply(authorization(ctx, queryToken)).onComplete(
            holder -> {
              ctx.put(HOLDER, holder);
              ctx.put(RequestLog.USER_ID, holder.userId());
              dev.concert.logging.RequestScope.user(holder.userId());
              ctx.next();
            },
            ctx::fail))
        .addHandler(validator.forOperation(operationId));
    withCheck(operationId, route).addHandler(handler);
  }

  private OpenAPIRoute withCheck(String operationId, OpenAPIRoute route) {
    Handler<RoutingContext> check = checks.get(operationId);
    return check == null ? route : route.addHandler(check);
  }

  private OpenAPIRoute route(String operationId) {
    OpenAPIRoute route = builder.getRoute(operationId);
    if (route == null) {
      throw new IllegalArgumentException("openapi.yaml has no operation " + operationId);
    }
    // Validation is ours (ContractValidator) and so is the token check (TokenGate).
    return route.setDoValidation(false).setDoSecurity(false);
  }
}
