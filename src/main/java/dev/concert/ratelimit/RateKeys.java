package dev.concert.ratelimit;

/**
 * Redis keys of the rate limits. Each key is its own hash tag: one script call touches one key, so
 * a Redis Cluster may put them anywhere.
 */
public final class RateKeys {
  private RateKeys() {}

  public static String tokensOfUser(String userId) {
    return "rate:{user:" + userId + "}:tokens";
  }

  public static String chargesOfUser(String userId) {
    return "rate:{user:" + userId + "}:charges";
  }

  public static String tokensOfAddress(String address) {
    return "rate:{addr:" + address + "}:tokens";
  }
}
