package dev.concert.outbox;

import java.time.Duration;
import java.time.Instant;

/**
 * How long sent outbox rows and consumers' deduplication records are kept. A consumer that is
 * handed an event again after this long (e.g. rewound past it) would apply it twice, so keep it
 * longer than any redelivery you expect. Unsent rows are never pruned.
 */
public record Retention(Duration keep) {

  public Retention {
    if (keep.isNegative() || keep.isZero()) {
      throw new IllegalArgumentException("retention must be positive");
    }
  }

  public static Retention hours(int hours) {
    return new Retention(Duration.ofHours(hours));
  }

  /** Rows sent (or processed) strictly before this instant may go. */
  public Instant cutoff(Instant now) {
    return now.minus(keep);
  }

  public boolean expired(Instant sentAt, Instant now) {
    return sentAt.isBefore(cutoff(now));
  }
}
