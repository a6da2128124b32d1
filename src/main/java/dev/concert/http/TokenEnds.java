package dev.concert.http;

/**
 * Tells when a queue token ends (paid, its active time up, dropped), on any instance, so that the
 * streams it opened end with it. Implemented by the queue feature.
 */
public interface TokenEnds {
  /**
   * Runs {@code ended} on the caller's context once {@code tokenId} ends; the answer stops watching
   * (call it when the stream ends first).
   */
  Runnable watch(String tokenId, Runnable ended);
}
