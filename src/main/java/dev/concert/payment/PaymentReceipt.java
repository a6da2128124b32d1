package dev.concert.payment;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** A completed payment as openapi.yaml shows it; {@code balance} is what is left after it. */
public record PaymentReceipt(UUID paymentId, UUID reservationId, UUID userId, long amount, long balance, Instant paidAt) {
  public JsonObject toJson() {
    return new JsonObject()
        .put("paymentId", paymentId.toString())
        .put("reservationId", reservationId.toString())
        .put("userId", userId.toString())
        .put("amount", amount)
        .put("balance", balance)
        .put("paidAt", paidAt.toString());
  }
}
