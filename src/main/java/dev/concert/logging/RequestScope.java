package dev.concert.logging;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.spi.context.storage.ContextLocal;
import java.util.function.UnaryOperator;

/**
 * The {@link LogContext} of the request being handled, kept on Vert.x's duplicated context (one per
 * HTTP request, one per event-bus message), so that it follows the request through every callback
 * on the event loop without a thread-local that one request could leak into the next. Only ever
 * written to duplicated contexts: a verticle's root context is shared by all its requests.
 */
public final class RequestScope {
  /** Registered before any Vert.x instance exists (see {@link RequestScopeProvider}). */
  static final ContextLocal<LogContext> LOCAL = ContextLocal.registerLocal(LogContext.class);

  private RequestScope() {}

  /** The current request's context, or null outside one. */
  public static LogContext current() {
    Context context = Vertx.currentContext();
    if (context == null) {
      return null;
    }
    try {
      return LOCAL.get(context);
    } catch (RuntimeException notRegisteredOnThisInstance) {
      return null; // a Vert.x instance built before the local was registered: no scope, no harm
    }
  }

  /** Sets the current request's context; ignored outside a request (no duplicated context). */
  public static void set(LogContext log) {
    Context context = Vertx.currentContext();
    if (context instanceof ContextInternal internal && internal.isDuplicate()) {
      try {
        LOCAL.put(context, log);
      } catch (RuntimeException notRegisteredOnThisInstance) {
        // see current()
      }
    }
  }

  /** Replaces the current request's context, if there is one. */
  public static void update(UnaryOperator<LogContext> change) {
    LogContext now = current();
    if (now != null) {
      set(change.apply(now));
    }
  }

  public static void user(String userId) {
    update(log -> log.withUser(userId));
  }

  public static void reservation(Object reservationId) {
    if (reservationId != null) {
      update(log -> log.withReservation(reservationId.toString()));
    }
  }
}
