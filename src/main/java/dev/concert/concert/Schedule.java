package dev.concert.concert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A bookable date of a concert. Immutable once created, so instances cache it freely.
 * {@code venueId} null: created in the old form, one section of {@code totalSeats} at {@code price}
 * and no stored grades; else {@code totalSeats} is the venue's capacity and {@code price} the lowest grade's.
 */
public record Schedule(long id, long concertId, Instant startsAt, int totalSeats, long price, Long venueId,
    List<Grade> grades) {

  /** The grade of a date created with {@code seatCount} and {@code price}. */
  public static final String SINGLE_GRADE = "Standard";

  public Schedule {
    grades = List.copyOf(grades);
  }

  public Schedule(long id, long concertId, Instant startsAt, int totalSeats, long price) {
    this(id, concertId, startsAt, totalSeats, price, null, List.of());
  }

  public boolean hasSeat(int seatNumber) {
    return seatNumber >= 1 && seatNumber <= totalSeats;
  }

  public boolean isInFuture(Instant now) {
    return startsAt.isAfter(now);
  }

  static Schedule from(Row row) {
    List<Grade> grades = new ArrayList<>();
    Object stored = row.getJson("grades");
    if (stored instanceof JsonArray array) {
      array.forEach(grade -> grades.add(Grade.fromJson((JsonObject) grade)));
    }
    return new Schedule(
        row.getLong("id"),
        row.getLong("concert_id"),
        row.getOffsetDateTime("starts_at").toInstant(),
        row.getInteger("total_seats"),
        row.getLong("price"),
        row.getLong("venue_id"),
        grades);
  }

  /** As the schedule list shows it; {@code gradesAvailable}: the grades with their free places. */
  public JsonObject toJson(int availableSeats, JsonArray gradesAvailable) {
    return new JsonObject()
        .put("scheduleId", id)
        .put("concertId", concertId)
        .put("startsAt", startsAt.toString())
        .put("totalSeats", totalSeats)
        .put("availableSeats", availableSeats)
        .put("price", price)
        .put("venueId", venueId)
        .put("grades", gradesAvailable);
  }
}
