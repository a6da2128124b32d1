package dev.concert.queue;

/**
 * Seconds until a waiting token is admitted: the longer of what the room's rate allows and what
 * its cap allows (when the cap is full, slots free only as active tokens end; the Lua scripts
 * compute that part, {@code capWaitMillis}, from the active tokens' ends).
 */
public final class WaitEstimate {
  private WaitEstimate() {}

  /** Null while the position is not known (a pre-queue before its opening). */
  public static Long seconds(long position, int admitPerSecond, long capWaitMillis) {
    if (position < 0) {
      return null;
    }
    if (position == 0) {
      return 0L;
    }
    long byRate = (position + admitPerSecond - 1) / admitPerSecond;
    long byCap = (capWaitMillis + 999) / 1000;
    return Math.max(byRate, byCap);
  }
}
