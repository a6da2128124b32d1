package dev.concert.shared;

/**
 * A message on the bus: an immutable record, declared once beside the feature that serves it and
 * used by both ends. Only these (and JsonObject, JsonArray) are decoded from the wire, so a peer
 * can never make this instance build an arbitrary class.
 *
 * <p>A request that acts for a user or a reservation has a component of that name; it overrides
 * the defaults below and so names the log lines of the work it starts when the sender's own
 * context lacked them.
 */
public interface BusMessage {
  /** The user the message acts for, for log lines; null if none. */
  default String userId() {
    return null;
  }

  /** The reservation the message is about, for log lines; null if none. */
  default String reservationId() {
    return null;
  }
}
