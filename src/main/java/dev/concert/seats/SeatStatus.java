package dev.concert.seats;

/**
 * The state of one seat. In Redis a seat's field in the schedule's seat hash is absent
 * (AVAILABLE), {@code H:<reservationId>:<heldUntilMillis>} (HELD), {@code S:<reservationId>}
 * (SOLD) or {@code W} (WITHHELD: kept off the sale by an operator). A hold past its time plus {@link SeatKeys#LAPSE_GRACE_MILLIS} counts as free, as the
 * hold script sees it, even if its release was lost.
 */
public enum SeatStatus {
  AVAILABLE, HELD, SOLD, WITHHELD;

  public static SeatStatus fromRedisValue(String value, long nowMillis) {
    if (value == null || value.isEmpty()) {
      return AVAILABLE;
    }
    if (value.charAt(0) == 'S') {
      return SOLD;
    }
    if (value.equals(SeatKeys.WITHHELD)) {
      return WITHHELD;
    }
    int colon = value.lastIndexOf(':');
    try {
      long heldUntil = Long.parseLong(value.substring(colon + 1));
      return heldUntil + SeatKeys.LAPSE_GRACE_MILLIS > nowMillis ? HELD : AVAILABLE;
    } catch (NumberFormatException e) {
      return HELD;
    }
  }
}
