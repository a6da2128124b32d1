package dev.concert.reservation;

import dev.concert.shared.Address;
import dev.concert.shared.BusMessage;
import dev.concert.shared.Done;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** What the HTTP side and {@link ReservationVerticle} say to each other; the JsonObject replies are the HTTP bodies as is. */
public final class ReservationMessages {
  private ReservationMessages() {}

  /**
   * Hold {@code seatNumbers} of {@code scheduleId} for {@code userId}, or best available:
   * {@code quantity} places of {@code grade} or {@code section}, {@code together} (null: true).
   * Answered with the reservation held.
   */
  public record Hold(long scheduleId, List<Integer> seatNumbers, Integer quantity, String grade, Long section,
      Boolean together, String userId) implements BusMessage {
    public Hold {
      seatNumbers = seatNumbers == null ? null : List.copyOf(seatNumbers); // no copy of what List.of made
    }

    public Hold(long scheduleId, List<Integer> seatNumbers, String userId) {
      this(scheduleId, seatNumbers, null, null, null, null, userId);
    }
  }

  /** One of the user's reservations. */
  public record Mine(String userId, String reservationId) implements BusMessage {}

  /** A page of the user's reservations: {@code status} and {@code after} null for any. */
  public record Page(String userId, String status, int limit, String after) implements BusMessage {}

  public static final Address<Hold, JsonObject> HOLD = Address.of("reservation.hold", Hold.class, JsonObject.class);
  public static final Address<Mine, JsonObject> GET = Address.of("reservation.get", Mine.class, JsonObject.class);
  public static final Address<Mine, Done> CANCEL = Address.of("reservation.cancel", Mine.class, Done.class);
  public static final Address<Page, JsonObject> LIST = Address.of("reservation.list", Page.class, JsonObject.class);
}
