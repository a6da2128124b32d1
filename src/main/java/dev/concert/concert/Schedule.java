package dev.concert.concert;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;

/** A bookable date of a concert. Immutable once created, so instances cache it freely. */
public record Schedule(long id, long concertId, Instant startsAt, int totalSeats, long price) {

  public boolean hasSeat(int seatNumber) {
    return seatNumber >= 1 && seatNumber <= totalSeats;
  }

  public boolean isInFuture(Instant now) {
    return startsAt.isAfter(now);
  }

  static Schedule from(Row row) {
    return new Schedule(
        row.getLong("id"),
        row.getLong("concert_id"),
        row.getOffsetDateTime("starts_at").toInstant(),
        row.getInteger("total_seats"),
        row.getLong("price"));
  }

  public JsonObject toJson(int availableSeats) {
    return new JsonObject()
        .put("scheduleId", id)
        .put("concertId", concertId)
        .put("startsAt", startsAt.toString())
        .put("totalSeats", totalSeats)
        .put("availableSeats", availableSeats)
        .put("price", price);
  }
}
