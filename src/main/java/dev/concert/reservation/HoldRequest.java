package dev.concert.reservation;

import dev.concert.concert.Hall;
import dev.concert.shared.ApiException;
import io.vertx.core.json.JsonArray;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A request to hold seats of one schedule, and the rules it must meet. */
public record HoldRequest(long scheduleId, List<Integer> seatNumbers) {
  public static final int MAX_SEATS = 4;

  public HoldRequest {
    seatNumbers = List.copyOf(seatNumbers);
  }

  /** 1 to 4 distinct places, each within the date's hall (1..capacity); else VALIDATION_FAILED. */
  public void validateAgainst(Hall hall) {
    if (seatNumbers.isEmpty() || seatNumbers.size() > MAX_SEATS) {
      throw ApiException.invalid("seatNumbers: hold 1 to " + MAX_SEATS + " seats");
    }
    Set<Integer> distinct = new HashSet<>(seatNumbers);
    if (distinct.size() != seatNumbers.size()) {
      throw ApiException.invalid("seatNumbers: seats must be distinct");
    }
    for (int seat : seatNumbers) {
      if (!hall.schedule().hasSeat(seat)) {
        throw ApiException.invalid("seatNumbers: seat " + seat + " does not exist; seats are 1 to " + hall.capacity());
      }
    }
  }

  /** What the hold costs: the sum of its places' grade prices. */
  public long amount(Hall hall) {
    return hall.amount(seatNumbers);
  }

  /** The places with their labels and prices, as the reservation carries them. */
  public JsonArray places(Hall hall) {
    return hall.places(seatNumbers);
  }
}
