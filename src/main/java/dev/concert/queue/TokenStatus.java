package dev.concert.queue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A token and its current place, as openapi.yaml shows it. {@code position} and
 * {@code estimatedWaitSeconds} are null in a pre-queue (the order is drawn at the opening).
 * {@code paused}: a waiting token of a room its operators paused (shown as {@code "paused": true},
 * absent otherwise; its estimate is then null: nobody knows when the room resumes).
 */
public record TokenStatus(String token, UUID userId, QueueState state, Long position, Long estimatedWaitSeconds,
    Instant activeUntil, Long concertId, Instant opensAt, boolean paused) {

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("token", token)
        .put("userId", userId.toString())
        .put("status", state.name())
        .put("position", position)
        .put("estimatedWaitSeconds", estimatedWaitSeconds)
        .put("activeUntil", activeUntil == null ? null : activeUntil.toString())
        .put("concertId", concertId)
        .put("opensAt", opensAt == null ? null : opensAt.toString());
    return paused ? json.put("paused", true) : json;
  }
}
