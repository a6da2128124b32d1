package dev.concert.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** What a signed queue token says: which token, whose, and since when. */
public record QueueToken(String tokenId, UUID userId, Instant issuedAt) {
  /** A token proves its user for this long, whatever its queue state. */
  public static final Duration LIFETIME = Duration.ofHours(24);

  public Instant expiresAt() {
    return issuedAt.plus(LIFETIME);
  }

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt());
  }
}
