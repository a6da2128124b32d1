package dev.concert.shared;

/** The stable error codes of docs/contract.md with their HTTP status and problem title. */
public enum ErrorCode {
  VALIDATION_FAILED(400, "Request does not match the contract"),
  TOKEN_INVALID(401, "Queue token invalid"),
  TOKEN_EXPIRED(401, "Queue token no longer active"),
  ADMIN_KEY_INVALID(401, "Admin key invalid"),
  DOOR_KEY_INVALID(401, "Door key invalid"),
  INSUFFICIENT_BALANCE(402, "Insufficient balance"),
  QUEUE_NOT_ACTIVE(403, "Still waiting in the queue"),
  SALES_NOT_OPEN(403, "Sales not open yet"),
  SALES_CLOSED(403, "Sales closed"),
  NOT_FOUND(404, "Not found"),
  METHOD_NOT_ALLOWED(405, "Method not allowed"),
  SEAT_UNAVAILABLE(409, "Seat unavailable"),
  RESERVATION_EXPIRED(409, "Reservation expired"),
  RESERVATION_NOT_HELD(409, "Reservation not held"),
  BALANCE_LIMIT_EXCEEDED(409, "Balance limit exceeded"),
  SEAT_LIMIT_EXCEEDED(409, "Seat limit per buyer exceeded"),
  RESERVATION_NOT_PAID(409, "Reservation not paid"),
  REFUND_WINDOW_CLOSED(409, "Refund window closed"),
  TICKET_ALREADY_USED(409, "Ticket already used"),
  /** Moving a concert's opening once it has happened (or is too close to move everywhere in time). */
  SALES_ALREADY_OPEN(409, "Sales already open"),
  TICKET_WRONG_DATE(409, "Ticket for another date"),
  SCHEDULE_CANCELLED(409, "Schedule cancelled"),
  PAYLOAD_TOO_LARGE(413, "Request body too large"),
  UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
  IDEMPOTENCY_KEY_REUSED(422, "Idempotency key reused"),
  RATE_LIMITED(429, "Too many requests"),
  INTERNAL_ERROR(500, "Internal error"),
  /** The database connection died while committing: the request may or may not have taken effect. */
  OUTCOME_UNKNOWN(500, "Outcome unknown"),
  UNAVAILABLE(503, "Service unavailable");

  private final int status;
  private final String title;

  ErrorCode(int status, String title) {
    this.status = status;
    this.title = title;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }
}
