package dev.concert.concert;

import dev.concert.seats.StreamScope;
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

  /**
   * The availability document of {@code scheduleId}; {@code ifNoneMatch}: the request's header, so
   * that a document the client has already is not sent back (null if none).
   */
  public record AvailabilityOf(long scheduleId, String ifNoneMatch) implements BusMessage {}

  /**
   * An availability document ({@code {"scheduleId","capacity","statuses"}} as JSON text) and its
   * entity tag; {@code json} is null when the request's {@code If-None-Match} named the tag.
   */
  public record Availability(String etag, Buffer json) implements BusMessage {
    /** The same tag without the document: the client has it. */
    public Availability notModified() {
      return new Availability(etag, null);
    }
  }

  /** What a seat stream of {@code scheduleId} (of section {@code section}, or the whole date when null) follows. */
  public record StreamScopeOf(long scheduleId, Long section) implements BusMessage {}

  /**
   * The sections of {@code scheduleId} with their live counts; {@code fromRedis}: read from Redis,
   * not from this process's copies (a section-count stream's read, which must see every change
   * noticed before it).
   */
  public record Sections(long scheduleId, boolean fromRedis) implements BusMessage {
    public Sections(long scheduleId) {
      this(scheduleId, false);
    }
  }

  public static final Address<AllConcerts, JsonObject> LIST = Address.of("concert.list", AllConcerts.class, JsonObject.class);
  public static final Address<Schedules, JsonObject> SCHEDULES =
      Address.of("concert.schedules", Schedules.class, JsonObject.class);
  public static final Address<SeatMap, Buffer> SEATS = Address.of("concert.seats", SeatMap.class, Buffer.class);
  public static final Address<AvailabilityOf, Availability> AVAILABILITY =
      Address.of("concert.availability", AvailabilityOf.class, Availability.class);
  public static final Address<StreamScopeOf, StreamScope> STREAM_SCOPE =
      Address.of("concert.stream-scope", StreamScopeOf.class, StreamScope.class);
  public static final Address<Sections, JsonObject> SECTIONS =
      Address.of("concert.sections", Sections.class, JsonObject.class);
  public static final Address<NewConcert, JsonObject> CREATE = Address.of("concert.create", NewConcert.class, JsonObject.class);
}
