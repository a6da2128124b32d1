package dev.concert.http;

import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import java.util.Optional;

/**
 * Which concerts a queue token opens: a concert room's token its own concert only, a service-wide
 * token every concert not sold through its own room. Pure, so that the gate (which looks the
 * concert up) and the payment (which reads it in the statement that marks the reservation paid)
 * apply the same rule.
 */
public final class RoomRule {
  private RoomRule() {}

  /**
   * Why a token of {@code tokenConcertId}'s room (null: the service-wide room) may not act on
   * {@code concertId} ({@code ownRoom}: sold through its own room only); empty if it may.
   */
  public static Optional<ApiException> refusal(Long tokenConcertId, long concertId, boolean ownRoom) {
    return tokenConcertId == null ? ofServiceWideToken(concertId, ownRoom) : ofRoomToken(tokenConcertId, concertId);
  }

  /** A concert room's token acts on its own concert only. */
  public static Optional<ApiException> ofRoomToken(long tokenConcertId, long concertId) {
    return tokenConcertId == concertId ? Optional.empty()
        : Optional.of(new ApiException(ErrorCode.QUEUE_NOT_ACTIVE, "this token was admitted by the waiting room of concert "
            + tokenConcertId + ", not of concert " + concertId));
  }

  /** A service-wide token acts on any concert not sold through its own room. */
  public static Optional<ApiException> ofServiceWideToken(long concertId, boolean ownRoom) {
    return ownRoom ? Optional.of(new ApiException(ErrorCode.QUEUE_NOT_ACTIVE, "concert " + concertId
        + " is sold through its own waiting room: take a queue token with concertId " + concertId))
        : Optional.empty();
  }
}
