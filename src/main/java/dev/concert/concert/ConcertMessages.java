package dev.concert.concert;

import dev.concert.shared.Address;
import dev.concert.shared.BusMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * What the HTTP side and {@link ConcertVerticle} say to each other; the JsonObject replies are the
 * HTTP bodies as is, the seat map's is its JSON text already rendered. Creating a concert sends
 * the {@link NewConcert} itself.
 */
public final class ConcertMessages {
  private ConcertMessages() {}

  public record AllConcerts() implements BusMessage {
    public static final AllConcerts ALL = new AllConcerts();
  }

  /** The bookable schedules of {@code concertId}. */
  public record Schedules(long concertId) implements BusMessage {}

  /**
   * {@code fromRedis}: read the seats from Redis, not from this process's copies (a stream's first
   * read); {@code section}: that section's places only (a sectionId), null for the whole date.
   */
  public record SeatMap(long scheduleId, boolean fromRedis, Long section) implements BusMessage {
    public SeatMap(long scheduleId, boolean fromRedis) {
      this(scheduleId, fromRedis, null);
    }
  }

  /** The sections of {@code scheduleId} with their live counts. */
  public record Sections(long scheduleId) implements BusMessage {}

  public static final Address<AllConcerts, JsonObject> LIST = Address.of("concert.list", AllConcerts.class, JsonObject.class);
  public static final Address<Schedules, JsonObject> SCHEDULES =
      Address.of("concert.schedules", Schedules.class, JsonObject.class);
  public static final Address<SeatMap, Buffer> SEATS = Address.of("concert.seats", SeatMap.class, Buffer.class);
  public static final Address<Sections, JsonObject> SECTIONS =
      Address.of("concert.sections", Sections.class, JsonObject.class);
  public static final Address<NewConcert, JsonObject> CREATE = Address.of("concert.create", NewConcert.class, JsonObject.class);
}
