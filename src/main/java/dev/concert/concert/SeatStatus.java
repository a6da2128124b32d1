package dev.concert.concert;

/**
 * The state of one seat. In Redis a seat's field in the schedule's seat hash is absent
 * (AVAILABLE), {@code H:<reservationId>} (HELD) or {@code S:<reservationId>} (SOLD).
 */
public enum SeatStatus {
  AVAILABLE, HELD, SOLD;

  public static SeatStatus fromRedisValue(String value) {
    if (value == null || value.isEmpty()) {
      return AVAILABLE;
    }
    return value.charAt(0) == 'S' ? SOLD : HELD;
  }
}
