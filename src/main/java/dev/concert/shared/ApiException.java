package dev.concert.shared;

/**
 * A failure that the client is told about as a problem document. Thrown or used to fail a Future
 * anywhere in a feature; the event bus and the HTTP layer carry it unchanged.
 */
public final class ApiException extends RuntimeException {
  private final ErrorCode code;

  public ApiException(ErrorCode code, String detail) {
    super(detail, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
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
