package dev.concert.shared;

import dev.concert.config.Deadlines;
import dev.concert.logging.LogContext;
import dev.concert.logging.RequestScope;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Request/reply over the event bus with JSON messages. A feature's {@link ApiException} crosses the
 * bus as failure code (the HTTP status) plus "CODE|detail", so it can cross a cluster unchanged;
 * anything else becomes 503 UNAVAILABLE (a dependency failed: nothing was done), and so does an
 * address that no instance serves (the bus answers NO_HANDLERS at once, not after a timeout).
 *
 * <p>A sender prefers the consumer on its own event loop (a plain local hop, the message passed
 * by reference), then one on its own instance, then one anywhere in the cluster: features run
 * where {@code CONCERT_ROLES} puts them, and the HTTP edge does not know or care where that is.
 */
public final class Bus {
  /**
   * To whichever instance serves the address (another one's over the clustered bus). A request
   * waits for its reply longer than the longest work behind any address (config.Deadlines), so
   * that the reply, not this timeout, tells what happened.
   */
  private static volatile DeliveryOptions OPTIONS =
      new DeliveryOptions().setSendTimeout(10_000).setCodecName(SharedJsonCodec.NAME);
  /** To a consumer of this instance only: never a network hop, never a cluster lookup. */
  private static volatile DeliveryOptions LOCAL = new DeliveryOptions(OPTIONS).setLocalOnly(true);
  private static final DeliveryOptions REPLY = new DeliveryOptions().setCodecName(SharedJsonCodec.NAME);
  /** Per Vert.x instance: the same-loop addresses registered (see {@link #target}). */
  private static final String SAME_LOOP_ADDRESSES = "concert.bus.same-loop";
  /** Per Vert.x instance: the feature addresses some verticle of this instance serves. */
  private static final String INSTANCE_ADDRESSES = "concert.bus.instance";
  /** Per event-loop thread (a thread belongs to one Vert.x instance): address to target. */
  private static final ThreadLocal<Map<String, Target>> TARGETS = ThreadLocal.withInitial(HashMap::new);

  /** Where a message to a feature address goes: the address to send to, and whether it stays local. */
  private record Target(String address, boolean local) {}

  private Bus() {}

  /**
   * The epoch millisecond at which the sender stops waiting, sent with every request: a feature
   * that receives a request too late to finish its work before then (a busy event loop, a slow
   * hop) refuses it untouched rather than work on after its 503 has been sent.
   */
  static final String DEADLINE = "deadline";
  private static volatile long replyTimeoutMillis = 10_000;
  private static volatile long longestWorkMillis = 0;

  /** Registers the bus's codec on {@code vertx} and sets the reply timeout; call once before deploying verticles. */
  public static void install(Vertx vertx, Deadlines deadlines) {
    replyTimeoutMillis = deadlines.busMillis();
    longestWorkMillis = deadlines.longestWorkMillis();
    OPTIONS = new DeliveryOptions().setSendTimeout(replyTimeoutMillis).setCodecName(SharedJsonCodec.NAME);
    LOCAL = new DeliveryOptions(OPTIONS).setLocalOnly(true);
    install(vertx);
  }

  /** Registers the bus's codec on {@code vertx}; call once before deploying verticles. */
  public static void install(Vertx vertx) {
    try {
      vertx.eventBus().registerCodec(new SharedJsonCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // idempotent: a second Application on the same Vertx (tests) finds it registered
    }
  }

  /**
   * Serves {@code address} on the (clustered) bus, so that instances without this feature reach it
   * here. Senders that have the feature themselves keep to their own (see {@link #target}): a
   * clustered bus alone picks among all registrations cluster-wide, which would send half the
   * requests over the network and let an instance killed with -9 take its peers' requests down
   * with it until the cluster notices.
   */
  public static MessageConsumer<JsonObject> serve(
      Vertx vertx, String address, Function<JsonObject, Future<JsonObject>> handler) {
    return serve(vertx, address, handler, REPLY);
  }

  /**
   * Serves {@code address} with replies already rendered as JSON text (a Buffer): for large, hot
   * replies such as the seat map, which then skip building a JsonObject tree at all.
   */
  public static MessageConsumer<JsonObject> serveRendered(
      Vertx vertx, String address, Function<JsonObject, Future<Buffer>> handler) {
    return serve(vertx, address, handler, new DeliveryOptions());
  }

  private static <T> MessageConsumer<JsonObject> serve(
      Vertx vertx, String address, Function<JsonObject, Future<T>> handler, DeliveryOptions replyOptions) {
    Handler<Message<JsonObject>> serving = servingHandler(address, handler, replyOptions);
    if (Context.isOnEventLoopThread()) {
      // Also under this event loop's own name, so that a sender on the same loop can reach this
      // instance without handing the message (and then the reply) to another thread.
      String sameLoop = sameLoopAddress(address, Thread.currentThread());
      vertx.eventBus().localConsumer(sameLoop, serving);
      vertx.sharedData().getLocalMap(SAME_LOOP_ADDRESSES).put(sameLoop, Boolean.TRUE);
    }
    vertx.sharedData().getLocalMap(INSTANCE_ADDRESSES).put(address, Boolean.TRUE);
    return vertx.eventBus().consumer(address, serving);
  }

  private static <T> Handler<Message<JsonObject>> servingHandler(
      String address, Function<JsonObject, Future<T>> handler, DeliveryOptions replyOptions) {
    return message -> {
      if (tooLateToStart(message.headers())) {
        message.fail(ErrorCode.UNAVAILABLE.status(),
            ErrorCode.UNAVAILABLE.name() + "|The service is busy: the request arrived too late to be done in time; nothing was changed. Retry later.");
        return;
      }
      RequestScope.set(scopeOf(message.headers(), message.body()));
      Future<T> reply;
      try {
        reply = handler.apply(message.body());
      } catch (RuntimeException e) {
        reply = Future.failedFuture(e);
      }
      reply.onComplete(
          body -> message.reply(body, replyOptions),
          failure -> {
            ApiException api = BusFailures.asApiException(address, failure);
            message.fail(api.code().status(), BusFailures.message(api));
          });
    };
  }

  /** Whether less time is left before the sender gives up than the longest work of a feature. */
  static boolean tooLateToStart(MultiMap headers) {
    String deadline = headers.get(DEADLINE);
    return deadline != null && Long.parseLong(deadline) - System.currentTimeMillis() < longestWorkMillis;
  }

  private static String sameLoopAddress(String address, Thread loop) {
    return address + "@" + loop.getName();
  }

  /**
   * The consumer of {@code address} on the caller's event loop if there is one (one of each
   * feature runs per loop), else this instance's, else the cluster's. Looked up once per loop
   * thread and address: an instance's roles do not change while it runs.
   */
  private static Target target(Vertx vertx, String address) {
    if (!Context.isOnEventLoopThread()) {
      return new Target(address, servedHere(vertx, address));
    }
    Map<String, Target> known = TARGETS.get();
    Target target = known.get(address);
    if (target == null) {
      String sameLoop = sameLoopAddress(address, Thread.currentThread());
      target = vertx.sharedData().getLocalMap(SAME_LOOP_ADDRESSES).containsKey(sameLoop)
          ? new Target(sameLoop, true)
          : new Target(address, servedHere(vertx, address));
      known.put(address, target);
    }
    return target;
  }

  private static boolean servedHere(Vertx vertx, String address) {
    return vertx.sharedData().getLocalMap(INSTANCE_ADDRESSES).containsKey(address);
  }

  public static Future<Buffer> requestRendered(Vertx vertx, String address, JsonObject body) {
    return send(vertx, address, body);
  }

  public static Future<JsonObject> request(Vertx vertx, String address, JsonObject body) {
    return send(vertx, address, body);
  }

  private static <T> Future<T> send(Vertx vertx, String address, JsonObject body) {
    Target target = target(vertx, address);
    LogContext scope = RequestScope.current();
    long deadline = System.currentTimeMillis() + replyTimeoutMillis;
    Future<Message<T>> sent = vertx.eventBus().request(
        target.address(), body, withScope(scope, target.local() ? LOCAL : OPTIONS, deadline));
    if (target.local()) {
      // The local consumer is gone (undeployed while shutting down): another instance may still
      // serve, within what is left of the same deadline (the HTTP edge waits no longer than that).
      sent = sent.recover(failure -> isNoHandlers(failure)
          ? vertx.eventBus().<T>request(address, body, remaining(withScope(scope, OPTIONS, deadline), deadline))
          : Future.failedFuture(failure));
    }
    return sent
        .map(message -> message.body())
        .recover(failure -> Future.failedFuture(BusFailures.fromReply(address, failure)));
  }

  /** {@code options} waiting only until {@code deadline} (at least 1 ms: the bus refuses 0). */
  private static DeliveryOptions remaining(DeliveryOptions options, long deadline) {
    return options.setSendTimeout(Math.max(1, deadline - System.currentTimeMillis()));
  }

  private static boolean isNoHandlers(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }

  /**
   * The request's deadline and log context travel as headers: the feature refuses a request that
   * arrives too late, and its lines carry the same ids.
   */
  private static DeliveryOptions withScope(LogContext scope, DeliveryOptions base, long deadline) {
    DeliveryOptions options = new DeliveryOptions(base).addHeader(DEADLINE, Long.toString(deadline));
    if (scope == null) {
      return options;
    }
    if (scope.requestId() != null) {
      options.addHeader(LogContext.REQUEST_ID, scope.requestId());
    }
    if (scope.userId() != null) {
      options.addHeader(LogContext.USER_ID, scope.userId());
    }
    if (scope.reservationId() != null) {
      options.addHeader(LogContext.RESERVATION_ID, scope.reservationId());
    }
    return options;
  }

  static LogContext scopeOf(MultiMap headers, JsonObject body) {
    String user = headers.get(LogContext.USER_ID);
    String reservation = headers.get(LogContext.RESERVATION_ID);
    if (body != null) {
      user = user != null ? user : body.getString(LogContext.USER_ID);
      reservation = reservation != null ? reservation : body.getString(LogContext.RESERVATION_ID);
    }
    return new LogContext(headers.get(LogContext.REQUEST_ID), user, reservation);
  }
}
