package dev.concert.buyers;

import dev.concert.metrics.Refusals;
import dev.concert.seats.Seats;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;

/**
 * What one buyer may do on one schedule: at most {@code maxSeatsPerUser} live seats
 * (CONCERT_MAX_SEATS_PER_USER) and {@code holdsPerSecond} hold attempts a second
 * (CONCERT_RATE_HOLDS_PER_SECOND); 0 turns either off. Both are checked in the hold's own Redis
 * step, which is handed {@code rules}, the one place the numbers are kept; these are the
 * refusals, counted by reason.
 */
public record HoldLimits(Seats.BuyerLimits rules) {

  public HoldLimits(int maxSeatsPerUser, int holdsPerSecond) {
    this(new Seats.BuyerLimits(maxSeatsPerUser, holdsPerSecond));
  }

  public int maxSeatsPerUser() {
    return rules.maxSeatsPerUser();
  }

  /** Past the seat limit; nothing was held. */
  public ApiException seatLimitExceeded() {
    Refusals.count(Refusals.Reason.SEAT_LIMIT);
    return new ApiException(ErrorCode.SEAT_LIMIT_EXCEEDED,
        "at most " + maxSeatsPerUser() + " seats of one date per buyer, held and paid together");
  }

  /** Over the hold rate; nothing was held. */
  public ApiException tooManyAttempts(long retryAfterMillis) {
    Refusals.count(Refusals.Reason.RATE_HOLDS_USER);
    return ApiException.rateLimited("too many hold attempts for this user on this date", retryAfterMillis);
  }
}
