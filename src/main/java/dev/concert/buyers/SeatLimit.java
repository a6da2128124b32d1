package dev.concert.buyers;

import dev.concert.metrics.Refusals;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;

/** The per-buyer seat limit of one schedule (CONCERT_MAX_SEATS_PER_USER; 0: no limit). */
public record SeatLimit(int maxSeatsPerUser) {

  public boolean on() {
    return maxSeatsPerUser > 0;
  }

  /** The refusal, counted by reason; nothing was held. */
  public ApiException exceeded() {
    Refusals.count(Refusals.Reason.SEAT_LIMIT);
    return new ApiException(ErrorCode.SEAT_LIMIT_EXCEEDED,
        "at most " + maxSeatsPerUser + " seats of one date per buyer, held and paid together");
  }
}
