package dev.concert.queue;

/**
 * The admission arithmetic of {@code redis/queue_admit.lua}, in plain Java for tests and for the
 * wait estimate. Credit accrues with the time elapsed since the last admission at {@code rate} a
 * second, capped at one second's worth, so however many instances tick, the total stays at rate.
 */
public record AdmissionBudget(int ratePerSecond, int maxActive) {

  /** The credit after {@code elapsedMillis} more milliseconds. */
  public double accrue(double credit, long elapsedMillis) {
    return Math.min(ratePerSecond, credit + Math.max(0, elapsedMillis) * (double) ratePerSecond / 1000.0);
  }

  /** How many waiting tokens one tick may admit. */
  public long admissible(double credit, long active, long waiting) {
    long slots = Math.max(0, maxActive - active);
    return Math.max(0, Math.min(Math.min((long) Math.floor(credit), slots), waiting));
  }

  /** Seconds until the token at 1-based {@code position} is admitted, if slots free up at rate. */
  public long estimatedWaitSeconds(long position) {
    if (position <= 0) {
      return 0;
    }
    return (position + ratePerSecond - 1) / ratePerSecond;
  }
}
