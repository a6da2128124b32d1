package dev.concert.concert;

/**
 * The state of one seat. In Redis a seat's field in the schedule's seat hash is absent
 * (AVAILABLE), {@code H:<reservationId>:<heldUntilMillis>} (HELD) or {@code S:<reservationId>}
 * (SOLD). A hold past its time plus {@link SeatKeys#LAPSE_GRACE_MILLIS} counts as free, as the
 * hold script sees it, even if its release was lost (the seat-map script applies that rule).
 */
public enum SeatStatus {
  AVAILABLE, HELD, SOLD;

  /**
   * The states written by seats_states.lua, one character a seat ({@code A}, {@code H}, {@code S});
   * the lapse rule is applied there, on Redis's clock, exactly as the hold script applies it.
   */
  public static SeatStatus[] fromCodes(String codes, int seats) {
    SeatStatus[] states = new SeatStatus[seats];
    for (int i = 0; i < seats; i++) {
      char code = i < codes.length() ? codes.charAt(i) : 'A';
      states[i] = switch (code) {
        case 'H' -> HELD;
        case 'S' -> SOLD;
        default -> AVAILABLE;
      };
    }
    return states;
  }
}
