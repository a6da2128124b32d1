package dev.concert.seats;

/**
 * Redis keys of a schedule's seats. The hash tag {@code {schedule:N}} keeps every key of one
 * schedule in one Redis Cluster slot, so a Lua script may touch them together.
 */
public final class SeatKeys {
  /**
   * A hold whose release was lost (a failed instance, a failed Redis call) frees itself this long
   * after its time: by then the expiry sweeper has marked it EXPIRED in Postgres.
   */
  public static final long LAPSE_GRACE_MILLIS = 5_000;

  /** A withheld place's value in the seat hash (see seats_withhold.lua). */
  public static final String WITHHELD = "W";

  private SeatKeys() {}

  /** Hash: seat number to {@code H:<reservationId>:<heldUntilMillis>} or {@code S:<reservationId>} or {@code W}; absent = free. */
  public static String seats(long scheduleId) {
    return "seats:{schedule:" + scheduleId + "}";
  }
}
