package dev.concert.reservation;

import dev.concert.shared.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page of "my reservations" ended: the last one's creation time (microseconds, Postgres's
 * precision) and id, the order's tie-breaker. Opaque to clients (base64url).
 */
public record ReservationCursor(OffsetDateTime createdAt, UUID id) {

  public static ReservationCursor of(OffsetDateTime createdAt, UUID id) {
    return new ReservationCursor(createdAt, id);
  }

  public String encode() {
    Instant at = createdAt.toInstant();
    long micros = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    return Base64.getUrlEncoder().withoutPadding().encodeToString((micros + "|" + id).getBytes(StandardCharsets.UTF_8));
  }

  /** Parses a cursor this service gave out; anything else is a bad request. */
  public static ReservationCursor decode(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int bar = text.indexOf('|');
      long micros = Long.parseLong(text.substring(0, bar));
      UUID id = UUID.fromString(text.substring(bar + 1));
      Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
      return new ReservationCursor(at.atOffset(ZoneOffset.UTC), id);
    } catch (RuntimeException e) {
      throw ApiException.invalid("query parameter 'after' is not a cursor this endpoint gave out");
    }
  }
}
