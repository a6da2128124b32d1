package dev.concert.concert;

/**
 * Redis keys of a schedule's seats. The hash tag {@code {schedule:N}} keeps every key of one
 * schedule in one Redis Cluster slot, so a Lua script may touch them together.
 */
public final class SeatKeys {
  private SeatKeys() {}

  /** Hash: seat number to {@code H:<reservationId>} or {@code S:<reservationId>}; absent = free. */
  public static String seats(long scheduleId) {
    return "seats:{schedule:" + scheduleId + "}";
  }
}
