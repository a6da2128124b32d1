package dev.concert.shared;

/**
 * A failure that the client is told about as a problem document. Thrown or used to fail a Future
 * anywhere in a feature; the event bus and the HTTP layer carry it unchanged.
 */
public final class ApiException extends RuntimeException {
  private final ErrorCode code;
  private final long retryAfterSeconds;

  public ApiException(ErrorCode code, String detail) {
    this(code, detail, 0);
  }

  /** With {@code retryAfterSeconds} above 0 the answer carries {@code Retry-After} (429s). */
  public ApiException(ErrorCode code, String detail, long retryAfterSeconds) {
    super(detail, null, false, false);
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public ErrorCode code() {
    return code;
  }

  /** Seconds the client should wait before trying again; 0: not said. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** 429 RATE_LIMITED; {@code retryAfterMillis} rounds up to whole seconds, at least 1. */
  public static ApiException rateLimited(String detail, long retryAfterMillis) {
    long seconds = Math.max(1, (retryAfterMillis + 999) / 1000);
    return new ApiException(ErrorCode.RATE_LIMITED, detail + "; retry after " + seconds + " s", seconds);
  }

  public String detail() {
    return getMessage();
  }

  public static ApiException notFound(String detail) {
    return new ApiException(ErrorCode.NOT_FOUND, detail);
  }

  public static ApiException invalid(String detail) {
    return new ApiException(ErrorCode.VALIDATION_FAILED, detail);
  }

  public static ApiException unavailable(String detail) {
    return new ApiException(ErrorCode.UNAVAILABLE, detail);
  }
}
