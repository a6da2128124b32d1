package dev.concert.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * What a signed queue token says: which token, whose, since when, in which room ({@code concertId}
 * null: the service-wide room) and its place in the room's issue order ({@code seq}, 0 before the
 * room numbered it): enough to rebuild a room's line from the tokens people still hold.
 */
public record QueueToken(String tokenId, UUID userId, Instant issuedAt, Long concertId, long seq) {
  /** A token proves its user for this long, whatever its queue state. */
  public static final Duration LIFETIME = Duration.ofHours(24);

  public QueueToken(String tokenId, UUID userId, Instant issuedAt) {
    this(tokenId, userId, issuedAt, null, 0);
  }

  public Instant expiresAt() {
    return issuedAt.plus(LIFETIME);
  }

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt());
  }

  /** The same token once its room has numbered it. */
  public QueueToken numbered(long issueSeq) {
    return new QueueToken(tokenId, userId, issuedAt, concertId, issueSeq);
  }
}
