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

  /** Present once the schedule is cancelled: holds read it in their own step (seats_on_sale.lua). */
  public static String cancelled(long scheduleId) {
    return "cancelled:{schedule:" + scheduleId + "}";
  }

  /**
   * The date's rows as best available reads them (seats_rows.lua), kept by every script that changes
   * seats once written: the layout hash, the row lookup (first seat to row) and the row fits.
   */
  static java.util.List<String> rows(long scheduleId) {
    String hall = "hall:{schedule:" + scheduleId + "}";
    return java.util.List.of(hall, hall + ":rows", hall + ":fits");
  }
}
