package dev.concert.queue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** A token and its current place, as API.md shows it. */
public record TokenStatus(String token, UUID userId, QueueState state, long position, long estimatedWaitSeconds,
    Instant activeUntil) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("token", token)
        .put("userId", userId.toString())
        .put("status", state.name())
        .put("position", position)
        .put("estimatedWaitSeconds", estimatedWaitSeconds)
        .put("activeUntil", activeUntil == null ? null : activeUntil.toString());
  }
}
