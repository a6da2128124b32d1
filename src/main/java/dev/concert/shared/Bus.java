package dev.concert.shared;

import dev.concert.config.Deadlines;
import dev.concert.logging.LogContext;
import dev.concert.logging.RequestScope;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Request/reply over the event bus with typed messages ({@link Address}, {@link BusMessage}). A
 * feature's {@link ApiException} crosses the bus as failure code (the HTTP status) plus
 * "CODE|detail", so it can cross a cluster unchanged; anything else becomes 503 UNAVAILABLE (a
 * dependency failed: nothing was done), and so does an address that no instance serves (the bus
 * answers NO_HANDLERS at once, not after a timeout).
 *
 * <p>A sender prefers the consumer on its own event loop (a plain local hop, the message passed
 * by reference), then one on its own instance, then one anywhere in the cluster: features run
 * where {@code CONCERT_ROLES} puts them, and the HTTP edge does not know or care where that is.
 *
 * <p>One per Vert.x instance, with that instance's deadlines ({@link #install}, then {@link #of}):
 * several instances in one JVM (tests, clustered harnesses) each keep their own.
 */
public final class Bus implements Shareable {
  /** The instance's local map that holds its bus. */
  private static final String HOLDER = "concert.bus";
  private static final String KEY = "bus";
  /**
   * The epoch millisecond at which the sender stops waiting, sent with every request: a feature
   * that receives a request too late to finish its work before then (a busy event loop, a slow
   * hop) refuses it untouched rather than work on after its 503 has been sent.
   */
  static final String DEADLINE = "deadline";

  private final Vertx vertx;
  private final Deadlines deadlines;
  private final long replyTimeoutMillis;
  private final long longestWorkMillis;
  /**
   * To whichever instance serves the address (another one's over the clustered bus). A request
   * waits for its reply longer than the longest work behind any address (config.Deadlines), so
   * that the reply, not this timeout, tells what happened.
   */
  private final DeliveryOptions options;
  /** To a consumer of this instance only: never a network hop, never a cluster lookup. */
  private final DeliveryOptions local;
  private final DeliveryOptions reply = new DeliveryOptions().setCodecName(MessageCodec.NAME);
  /** A rendered reply (a Buffer) goes with Vert.x's own codec. */
  private final DeliveryOptions renderedReply = new DeliveryOptions();
  /** The same-loop addresses registered (see {@link #target}). */
  private final Set<String> sameLoopAddresses = ConcurrentHashMap.newKeySet();
  /** The feature addresses some verticle of this instance serves. */
  private final Set<String> instanceAddresses = ConcurrentHashMap.newKeySet();
  /** Per event-loop thread (a thread belongs to one Vert.x instance): address to target. */
  private final ThreadLocal<Map<String, Target>> targets = ThreadLocal.withInitial(HashMap::new);

  /** Where a message to a feature address goes: the address to send to, and whether it stays local. */
  private record Target(String address, boolean local) {}

  private Bus(Vertx vertx, Deadlines deadlines) {
    this.vertx = vertx;
    this.deadlines = deadlines;
    this.replyTimeoutMillis = deadlines.busMillis();
    this.longestWorkMillis = deadlines.longestWorkMillis();
    this.options = new DeliveryOptions().setSendTimeout(replyTimeoutMillis).setCodecName(MessageCodec.NAME);
    this.local = new DeliveryOptions(options).setLocalOnly(true);
  }

  /**
   * Gives {@code vertx} its bus, with its codec and these deadlines; call once before deploying
   * verticles. A second call with the same deadlines (a second Application on the same Vertx, in
   * tests) returns the same bus.
   */
  public static Bus install(Vertx vertx, Deadlines deadlines) {
    LocalMap<String, Bus> holder = vertx.sharedData().getLocalMap(HOLDER);
    Bus bus = new Bus(vertx, deadlines);
    Bus installed = holder.putIfAbsent(KEY, bus);
    if (installed == null) {
      vertx.eventBus().registerCodec(new MessageCodec());
      return bus;
    }
    if (!installed.deadlines.equals(deadlines)) {
      throw new IllegalStateException("this Vert.x instance's bus was installed with other deadlines: "
          + installed.deadlines + ", not " + deadlines);
    }
    return installed;
  }

  /** The bus of {@code vertx}, as {@link #install} gave it. */
  public static Bus of(Vertx vertx) {
    Bus bus = vertx.sharedData().<String, Bus>getLocalMap(HOLDER).get(KEY);
    if (bus == null) {
      throw new IllegalStateException("Bus.install was not called on this Vert.x instance");
    }
    return bus;
  }

  /**
   * Serves {@code address} on the (clustered) bus, so that instances without this feature reach it
   * here. Senders that have the feature themselves keep to their own (see {@link #target}): a
   * clustered bus alone picks among all registrations cluster-wide, which would send half the
   * requests over the network and let an instance killed with -9 take its peers' requests down
   * with it until the cluster notices. A Buffer reply is JSON text already rendered (the
   * seat map): it skips building a JsonObject tree at all.
   */
  public <Q, R> MessageConsumer<Q> serve(Address<Q, R> address, Function<Q, Future<R>> handler) {
    Handler<Message<Q>> serving = servingHandler(address.name(), handler, address.rendered() ? renderedReply : reply);
    if (Context.isOnEventLoopThread()) {
      // Also under this event loop's own name, so that a sender on the same loop can reach this
      // instance without handing the message (and then the reply) to another thread.
      String sameLoop = sameLoopAddress(address.name(), Thread.currentThread());
      vertx.eventBus().localConsumer(sameLoop, serving);
      sameLoopAddresses.add(sameLoop);
    }
    instanceAddresses.add(address.name());
    return vertx.eventBus().consumer(address.name(), serving);
  }

  private <Q, R> Handler<Message<Q>> servingHandler(
      String address, Function<Q, Future<R>> handler, DeliveryOptions replyOptions) {
    return message -> {
      if (tooLateToStart(message.headers())) {
        message.fail(ErrorCode.UNAVAILABLE.status(),
            ErrorCode.UNAVAILABLE.name() + "|The service is busy: the request arrived too late to be done in time; nothing was changed. Retry later.");
        return;
      }
      RequestScope.set(scopeOf(message.headers(), message.body()));
      Future<R> reply;
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
  boolean tooLateToStart(MultiMap headers) {
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
  private Target target(String address) {
    if (!Context.isOnEventLoopThread()) {
      return new Target(address, instanceAddresses.contains(address));
    }
    Map<String, Target> known = targets.get();
    Target target = known.get(address);
    if (target == null) {
      String sameLoop = sameLoopAddress(address, Thread.currentThread());
      target = sameLoopAddresses.contains(sameLoop)
          ? new Target(sameLoop, true)
          : new Target(address, instanceAddresses.contains(address));
      known.put(address, target);
    }
    return target;
  }

  /** Sends {@code body} to whichever instance serves {@code address} (see {@link #target}) and waits for its reply. */
  public <Q, R> Future<R> request(Address<Q, R> address, Q body) {
    String name = address.name();
    Target target = target(name);
    LogContext scope = RequestScope.current();
    long deadline = System.currentTimeMillis() + replyTimeoutMillis;
    Future<Message<R>> sent = vertx.eventBus().request(
        target.address(), body, withScope(scope, target.local() ? local : options, deadline));
    if (target.local()) {
      // The local consumer is gone (undeployed while shutting down): another instance may still
      // serve, within what is left of the same deadline (the HTTP edge waits no longer than that).
      sent = sent.recover(failure -> isNoHandlers(failure)
          ? vertx.eventBus().<R>request(name, body, remaining(withScope(scope, options, deadline), deadline))
          : Future.failedFuture(failure));
    }
    return sent
        .map(Message::body)
        .recover(failure -> Future.failedFuture(BusFailures.fromReply(name, failure)));
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

  static LogContext scopeOf(MultiMap headers, Object body) {
    String user = headers.get(LogContext.USER_ID);
    String reservation = headers.get(LogContext.RESERVATION_ID);
    if (body instanceof BusMessage message) {
      user = user != null ? user : message.userId();
      reservation = reservation != null ? reservation : message.reservationId();
    }
    return new LogContext(headers.get(LogContext.REQUEST_ID), user, reservation);
  }
}
