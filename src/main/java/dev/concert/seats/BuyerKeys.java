package dev.concert.seats;

import java.util.UUID;

/** Redis keys of what one buyer has of one schedule; tagged like the schedule's seats (same slot). */
public final class BuyerKeys {
  private BuyerKeys() {}

  /** Hash: seat number to the reservationId that took it, read by the hold script's limit check. */
  public static String seats(long scheduleId, UUID userId) {
    return "buyer:{schedule:" + scheduleId + "}:" + userId;
  }

  /** String: the buyer's hold-attempt bucket on the schedule (the hold script's rate limit, rate_bucket.lua). */
  public static String holdAttempts(long scheduleId, UUID userId) {
    return "rate:{schedule:" + scheduleId + "}:holds:" + userId;
  }
}
