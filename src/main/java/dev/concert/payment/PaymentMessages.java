package dev.concert.payment;

import dev.concert.shared.Address;
import dev.concert.shared.BusMessage;
import dev.concert.shared.StatusReply;

/** What the HTTP side and {@link PaymentVerticle} say to each other. {@code idempotencyKey} is null when none was sent. */
public final class PaymentMessages {
  private PaymentMessages() {}

  /**
   * Pay for a reservation; {@code tokenId}: the queue token that pays, ended with the payment;
   * {@code tokenConcertId}: the concert whose room issued it (null: service-wide), for the room rule.
   */
  public record Pay(String userId, String reservationId, String idempotencyKey, String tokenId, Long tokenConcertId)
      implements BusMessage {}

  /** The stored answer of a payment with this key, if there is one. */
  public record Replay(String userId, String reservationId, String idempotencyKey) implements BusMessage {}

  /** {@code stored}: the answer a payment with the key gave, null if none did. */
  public record Replayed(StatusReply stored) implements BusMessage {
    public static final Replayed NONE = new Replayed(null);

    public boolean found() {
      return stored != null;
    }
  }

  public record Refund(String userId, String reservationId, String idempotencyKey) implements BusMessage {}

  public static final Address<Pay, StatusReply> PAY = Address.of("payment.pay", Pay.class, StatusReply.class);
  public static final Address<Replay, Replayed> REPLAY = Address.of("payment.replay", Replay.class, Replayed.class);
  public static final Address<Refund, StatusReply> REFUND = Address.of("payment.refund", Refund.class, StatusReply.class);
}
