package dev.concert.concert;

/** Lets tests of other packages read the concert list cache's TTL. */
public final class ConcertListCacheAccess {
  private ConcertListCacheAccess() {}

  public static long ttlMillis() {
    return ConcertListCache.TTL_MILLIS;
  }
}
