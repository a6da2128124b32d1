package dev.concert.shared;

import dev.concert.logging.RepeatedLog;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How failures cross the bus: a feature's {@link ApiException} as failure code plus "CODE|detail"
 * ("CODE:retryAfterSeconds|detail" when it has one) and back; anything else (a dependency failed, no instance serves the address, a timeout) as 503
 * UNAVAILABLE, logged once per address and cause every few seconds.
 */
final class BusFailures {
  private static final Logger LOG = LoggerFactory.getLogger(Bus.class);
  /** A dependency that is down fails every request: one line per address and failure every 10 s. */
  private static final RepeatedLog FAILURES = new RepeatedLog(10_000);

  private BusFailures() {}

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

  /** The failure message of an {@link ApiException} on the bus. */
  static String message(ApiException api) {
    return api.retryAfterSeconds() > 0
        ? api.code().name() + ":" + api.retryAfterSeconds() + "|" + api.detail()
        : api.code().name() + "|" + api.detail();
  }

  static ApiException asApiException(String address, Throwable failure) {
    if (failure instanceof ApiException api) {
      return api;
    }
    warnFailure("handling", address, failure);
    return ApiException.unavailable("A dependency is unavailable; nothing was changed. Retry later.");
  }

  static ApiException fromReply(String address, Throwable failure) {
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      String message = String.valueOf(reply.getMessage());
      int bar = message.indexOf('|');
      if (bar > 0) {
        String head = message.substring(0, bar);
        int colon = head.indexOf(':');
        try {
          return colon < 0
              ? new ApiException(ErrorCode.valueOf(head), message.substring(bar + 1))
              : new ApiException(ErrorCode.valueOf(head.substring(0, colon)), message.substring(bar + 1),
                  Long.parseLong(head.substring(colon + 1)));
        } catch (IllegalArgumentException ignored) {
          // fall through: not one of ours
        }
      }
    }
    warnFailure("request to", address, failure);
    return ApiException.unavailable("The service is busy or a dependency is unavailable. Retry later.");
  }
}
