package dev.concert.outbox;

/**
 * When the relay runs its next round: at once while a full batch says more is waiting, after the
 * interval otherwise, and after a doubling delay (up to a ceiling) while rounds fail, so that an
 * outage costs a few attempts, not a busy loop.
 */
public record RelayBackoff(long intervalMillis, long maxMillis) {

  public RelayBackoff {
    if (intervalMillis < 1 || maxMillis < 1) {
      throw new IllegalArgumentException("delays must be positive");
    }
  }

  /** Delay after a successful round that published {@code published} of at most {@code batch}. */
  public long afterSuccess(int published, int batch) {
    return published >= batch ? 0 : intervalMillis;
  }

  /** Delay after the {@code consecutiveFailures}-th failed round in a row (1 = the first). */
  public long afterFailures(int consecutiveFailures) {
    if (consecutiveFailures < 1) {
      return intervalMillis;
    }
    long ceiling = Math.max(intervalMillis, maxMillis);
    // interval * 2^failures, without overflowing: stop doubling once past the ceiling.
    long delay = intervalMillis;
    for (int i = 0; i < consecutiveFailures && delay < ceiling; i++) {
      delay *= 2;
    }
    return Math.min(delay, ceiling);
  }
}
