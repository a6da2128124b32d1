package dev.concert.logging;

/**
 * What a log line should say about the request it belongs to: request id, user id, reservation id
 * (each null where unknown). Immutable: a request's scope is replaced, never changed in place.
 */
public record LogContext(String requestId, String userId, String reservationId) {
  public static final String REQUEST_ID = "requestId";
  public static final String USER_ID = "userId";
  public static final String RESERVATION_ID = "reservationId";

  public static LogContext ofRequest(String requestId) {
    return new LogContext(requestId, null, null);
  }

  public LogContext withUser(String id) {
    return id == null || id.equals(userId) ? this : new LogContext(requestId, id, reservationId);
  }

  public LogContext withReservation(String id) {
    return id == null || id.equals(reservationId) ? this : new LogContext(requestId, userId, id);
  }

  /** The value under one of the MDC keys above. */
  public String get(String key) {
    return switch (key) {
      case REQUEST_ID -> requestId;
      case USER_ID -> userId;
      case RESERVATION_ID -> reservationId;
      default -> null;
    };
  }
}
