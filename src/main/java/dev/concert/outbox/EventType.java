package dev.concert.outbox;

/** The events of docs/contract.md; each knows its topic. */
public enum EventType {
  ReservationHeld(Topic.RESERVATIONS),
  ReservationCancelled(Topic.RESERVATIONS),
  ReservationExpired(Topic.RESERVATIONS),
  PaymentCompleted(Topic.PAYMENTS),
  ReservationRefunded(Topic.PAYMENTS);

  public enum Topic { RESERVATIONS, PAYMENTS }

  private final Topic topic;

  EventType(Topic topic) {
    this.topic = topic;
  }

  public Topic topic() {
    return topic;
  }

  /** Events about money carry the amount. */
  public boolean carriesAmount() {
    return topic == Topic.PAYMENTS;
  }
}
