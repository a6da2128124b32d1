package dev.concert.reservation;

import dev.concert.shared.Address;
import dev.concert.shared.BusMessage;
import dev.concert.shared.Done;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** What the HTTP side and {@link ReservationVerticle} say to each other; the JsonObject replies are the HTTP bodies as is. */
public final class ReservationMessages {
  private ReservationMessages() {}

  /** Hold {@code seatNumbers} of {@code scheduleId} for {@code userId}: the reservation held. */
  public record Hold(long scheduleId, List<Integer> seatNumbers, String userId) implements BusMessage {
    public Hold {
      seatNumbers = List.copyOf(seatNumbers); // no copy of what List.of made
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
