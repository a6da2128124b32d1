package dev.concert.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * Bridges {@link RequestScope} into the MDC at the moment a line is logged, on the logging thread:
 * an event loop serves many requests in turn, so the MDC is rewritten from the current Vert.x
 * context for every enabled line (and cleared outside a request) rather than set once per request.
 * Logback copies the MDC into the event before the async appender hands it to another thread.
 */
public final class VertxMdcFilter extends TurboFilter {
  private static final String ACCESS_LOG = "http.access";
  private static final String[] KEYS = {LogContext.REQUEST_ID, LogContext.USER_ID, LogContext.RESERVATION_ID};

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    // Disabled lines (debug on a busy path) cost one comparison; never call logger.isEnabledFor here
    // (it would run the turbo filters again).
    if (level == null || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
      return FilterReply.NEUTRAL;
    }
    // The access log passes the ids as its own structured arguments: no second copy from the MDC.
    LogContext log = ACCESS_LOG.equals(logger.getName()) ? null : RequestScope.current();
    for (String key : KEYS) {
      String value = log == null ? null : log.get(key);
      String now = MDC.get(key);
      if (value == null) {
        if (now != null) {
          MDC.remove(key);
        }
      } else if (!value.equals(now)) {
        MDC.put(key, value);
      }
    }
    return FilterReply.NEUTRAL;
  }
}
