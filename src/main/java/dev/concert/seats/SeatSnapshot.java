package dev.concert.seats;

import java.util.Arrays;
import java.util.Map;

/**
 * One schedule's taken seats as this instance's copy last saw them ({@link SeatCopies}): immutable,
 * so every event loop may read it. A held seat keeps its {@code heldUntil}, so a hold that lapsed
 * without a release reads as free at read time, as it does from Redis ({@link SeatStatus}).
 */
public final class SeatSnapshot {
  /** Value of a sold seat. */
  static final long SOLD = Long.MAX_VALUE;
  /** Value of a seat a notice said is held, whose {@code heldUntil} is still being read: held. */
  static final long HELD_UNTIL_UNKNOWN = Long.MAX_VALUE - 1;
  /** Value of a withheld place. */
  static final long WITHHELD = Long.MAX_VALUE - 2;

  /** Taken seat numbers, ascending, and their values: {@link #SOLD}, {@link #WITHHELD}, or held until (epoch ms). */
  private final int[] seats;
  private final long[] values;

  private SeatSnapshot(int[] seats, long[] values) {
    this.seats = seats;
    this.values = values;
  }

  static SeatSnapshot of(Map<Integer, Long> taken) {
    int[] seats = taken.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
    long[] values = new long[seats.length];
    for (int i = 0; i < seats.length; i++) {
      values[i] = taken.get(seats[i]);
    }
    return new SeatSnapshot(seats, values);
  }

  /** The states of seats 1..{@code totalSeats} at {@code nowMillis}, seat 1 first. */
  public SeatStatus[] states(int totalSeats, long nowMillis) {
    SeatStatus[] states = new SeatStatus[totalSeats];
    Arrays.fill(states, SeatStatus.AVAILABLE);
    for (int i = 0; i < seats.length; i++) {
      if (seats[i] >= 1 && seats[i] <= totalSeats) {
        states[seats[i] - 1] = status(values[i], nowMillis);
      }
    }
    return states;
  }

  /** Now by the clock lapses are judged by: Redis's, as the hold script judges them ({@link HoldClock}). */
  public static long now() {
    return HoldClock.system().millis();
  }

  /**
   * Until when {@link #states} read at {@code nowMillis} stays right without a new snapshot: the
   * first moment after it at which a hold lapses ({@code heldUntil} + {@link SeatKeys#LAPSE_GRACE_MILLIS}).
   */
  public long unchangedUntil(long nowMillis) {
    long until = Long.MAX_VALUE;
    for (long value : values) {
      if (value < WITHHELD) {
        long lapse = value + SeatKeys.LAPSE_GRACE_MILLIS;
        if (lapse > nowMillis && lapse < until) {
          until = lapse;
        }
      }
    }
    return until;
  }

  private static SeatStatus status(long value, long nowMillis) {
    if (value == SOLD) {
      return SeatStatus.SOLD;
    }
    if (value == HELD_UNTIL_UNKNOWN) {
      return SeatStatus.HELD;
    }
    if (value == WITHHELD) {
      return SeatStatus.WITHHELD;
    }
    return value + SeatKeys.LAPSE_GRACE_MILLIS > nowMillis ? SeatStatus.HELD : SeatStatus.AVAILABLE;
  }

  /** A seat's value in the seat hash ({@link SeatKeys#seats}) as a snapshot value; null when free. */
  static Long valueOf(String redisValue) {
    if (redisValue == null || redisValue.isEmpty()) {
      return null;
    }
    if (redisValue.charAt(0) == 'S') {
      return SOLD;
    }
    if (redisValue.equals(SeatKeys.WITHHELD)) {
      return WITHHELD;
    }
    try {
      return Long.parseLong(redisValue.substring(redisValue.lastIndexOf(':') + 1));
    } catch (NumberFormatException e) {
      return HELD_UNTIL_UNKNOWN; // as SeatStatus.fromRedisValue: held
    }
  }
}
