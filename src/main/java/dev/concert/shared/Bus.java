package dev.concert.shared;

import dev.concert.config.Deadlines;
import dev.concert.logging.LogContext;
import dev.concert.logging.RepeatedLog;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request/reply over the event bus with JSON messages. A feature's {@link ApiException} crosses the
 * bus as failure code (the HTTP status) plus "CODE|detail", so it can cross a cluster unchanged;
 * anything else becomes 503 UNAVAILABLE (a dependency failed: nothing was done).
 */
public final class Bus {
  private static final Logger LOG = LoggerFactory.getLogger(Bus.class);
  /**
   * How long a request waits for its reply: longer than the longest work behind any address
   * (config.Deadlines), so that the reply, not this timeout, tells what happened.
   */
  private static volatile DeliveryOptions OPTIONS =
      new DeliveryOptions().setSendTimeout(10_000).setCodecName(SharedJsonCodec.NAME);
  private static final DeliveryOptions REPLY = new DeliveryOptions().setCodecName(SharedJsonCodec.NAME);
  /** A dependency that is down fails every request: one line per address and failure every 10 s. */
  private static final RepeatedLog FAILURES = new RepeatedLog(10_000);
  /** Per Vert.x instance: the same-loop addresses registered (see {@link #target}). */
  private static final String SAME_LOOP_ADDRESSES = "concert.bus.same-loop";
  /** Per event-loop thread (a thread belongs to one Vert.x instance): address to target. */
  private static final ThreadLocal<Map<String, String>> SAME_LOOP_TARGETS = ThreadLocal.withInitial(HashMap::new);

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
   * Serves {@code address} for this instance only. Every instance deploys every feature, and a
   * clustered event bus picks among all registrations cluster-wide (no preference for the local
   * one): with {@code consumer} half the requests would take a network hop, and an instance killed
   * with -9 would take its peers' requests down with it until the cluster notices. Local
   * consumers keep a request on the instance that took it; cluster-wide messages go through
   * {@code cluster.ClusterSignals}.
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
    return vertx.eventBus().localConsumer(address, serving);
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
            ApiException api = asApiException(address, failure);
            message.fail(api.code().status(), api.code().name() + "|" + api.detail());
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
   * The instance of {@code address} on the caller's event loop if there is one (one of each
   * feature runs per loop), else the shared address. Looked up once per loop thread and address.
   */
  private static String target(Vertx vertx, String address) {
    if (!Context.isOnEventLoopThread()) {
      return address;
    }
    Map<String, String> known = SAME_LOOP_TARGETS.get();
    String target = known.get(address);
    if (target == null) {
      String sameLoop = sameLoopAddress(address, Thread.currentThread());
      target = vertx.sharedData().getLocalMap(SAME_LOOP_ADDRESSES).containsKey(sameLoop) ? sameLoop : address;
      known.put(address, target);
    }
    return target;
  }

  public static Future<Buffer> requestRendered(Vertx vertx, String address, JsonObject body) {
    return send(vertx, address, body);
  }

  public static Future<JsonObject> request(Vertx vertx, String address, JsonObject body) {
    return send(vertx, address, body);
  }

  private static <T> Future<T> send(Vertx vertx, String address, JsonObject body) {
    String target = target(vertx, address);
    DeliveryOptions options = withScope(RequestScope.current());
    Future<Message<T>> sent = vertx.eventBus().request(target, body, options);
    if (!target.equals(address)) {
      // The same-loop instance is gone (undeployed while shutting down): the shared address still serves.
      sent = sent.recover(failure -> isNoHandlers(failure)
          ? vertx.eventBus().<T>request(address, body, options) : Future.failedFuture(failure));
    }
    return sent
        .map(message -> message.body())
        .recover(failure -> Future.failedFuture(fromReply(address, failure)));
  }

  private static boolean isNoHandlers(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }

  /** The request's log context travels as headers, so the feature's lines carry the same ids. */
  private static DeliveryOptions withScope(LogContext scope) {
    DeliveryOptions options = new DeliveryOptions(OPTIONS)
        .addHeader(DEADLINE, Long.toString(System.currentTimeMillis() + replyTimeoutMillis));
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

  /** Logs a dependency failure once per address and cause every few seconds, with the cause, never a stack trace. */
  private static void warnFailure(String what, String address, Throwable failure) {
    String cause = String.valueOf(failure);
    long suppressed = FAILURES.admit(what + "|" + address + "|" + failure.getClass().getName());
    if (suppressed == 0) {
      LOG.warn("{} {} failed: {}", what, address, cause);
    } else if (suppressed > 0) {
      LOG.warn("{} {} failed: {} ({} more like it in the last seconds, not logged)", what, address, cause, suppressed);
    }
  }

  private static ApiException asApiException(String address, Throwable failure) {
    if (failure instanceof ApiException api) {
      return api;
    }
    warnFailure("handling", address, failure);
    return ApiException.unavailable("A dependency is unavailable; nothing was changed. Retry later.");
  }

  private static ApiException fromReply(String address, Throwable failure) {
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      String message = String.valueOf(reply.getMessage());
      int bar = message.indexOf('|');
      if (bar > 0) {
        try {
          return new ApiException(ErrorCode.valueOf(message.substring(0, bar)), message.substring(bar + 1));
        } catch (IllegalArgumentException ignored) {
          // fall through: not one of ours
        }
      }
    }
    warnFailure("request to", address, failure);
    return ApiException.unavailable("The service is busy or a dependency is unavailable. Retry later.");
  }
}
