package dev.concert.reservation;

import dev.concert.concert.Schedule;
import dev.concert.shared.ApiException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A request to hold seats of one schedule, and the rules it must meet. */
public record HoldRequest(long scheduleId, List<Integer> seatNumbers) {
  public static final int MAX_SEATS = 4;

  public HoldRequest {
    seatNumbers = List.copyOf(seatNumbers);
  }

  /** 1 to 4 distinct seats, each within the schedule's seat range; else VALIDATION_FAILED. */
  public void validateAgainst(Schedule schedule) {
    if (seatNumbers.isEmpty() || seatNumbers.size() > MAX_SEATS) {
      throw ApiException.invalid("seatNumbers: hold 1 to " + MAX_SEATS + " seats");
    }
    Set<Integer> distinct = new HashSet<>(seatNumbers);
    if (distinct.size() != seatNumbers.size()) {
      throw ApiException.invalid("seatNumbers: seats must be distinct");
    }
    for (int seat : seatNumbers) {
      if (!schedule.hasSeat(seat)) {
        throw ApiException.invalid("seatNumbers: seat " + seat + " does not exist; seats are 1 to " + schedule.totalSeats());
      }
    }
  }

  /** What the hold costs: the schedule's price per seat. */
  public long amount(Schedule schedule) {
    return Math.multiplyExact(schedule.price(), (long) seatNumbers.size());
  }
}
