package dev.concert.http;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.concert.logging.LogContext;
import dev.concert.logging.RequestScope;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One log line per request (method, path, status, latency, request id), and the id echoed back. */
public final class RequestLog implements Handler<RoutingContext> {
  public static final String REQUEST_ID = "requestId";
  public static final String USER_ID = "userId";
  public static final String RESERVATION_ID = "reservationId";
  static final String HEADER = "X-Request-Id";
  private static final Logger LOG = LoggerFactory.getLogger("http.access");

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    String incoming = ctx.request().getHeader(HEADER);
    String requestId = incoming != null && incoming.length() <= 64 && !incoming.isBlank()
        ? incoming : newRequestId();
    ctx.put(REQUEST_ID, requestId);
    RequestScope.set(LogContext.ofRequest(requestId));
    ctx.response().putHeader(HEADER, requestId);
    if (LOG.isInfoEnabled()) {
      ctx.addEndHandler(done -> {
        double millis = (System.nanoTime() - start) / 1_000_000.0;
        LOG.info("{} {} {} {}ms {} {} {}",
            kv("method", ctx.request().method().name()),
            kv("path", ctx.request().path()),
            kv("status", ctx.response().getStatusCode()),
            kv("latencyMs", Math.round(millis * 10) / 10.0),
            kv(REQUEST_ID, requestId),
            kv(USER_ID, ctx.get(USER_ID)),
            kv(RESERVATION_ID, ctx.get(RESERVATION_ID)));
      });
    }
    ctx.next();
  }

  /**
   * A random (version 4) UUID from the thread's fast generator: a request id needs to be unique,
   * not unpredictable, and {@code UUID.randomUUID()} goes through a locked SecureRandom on every
   * request (7% of a bare request's time under load).
   */
  static String newRequestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  /** Names the reservation a request is about: on its access line and on every line logged for it. */
  public static void reservation(RoutingContext ctx, String reservationId) {
    if (reservationId != null) {
      ctx.put(RESERVATION_ID, reservationId);
      RequestScope.reservation(reservationId);
    }
  }
}
