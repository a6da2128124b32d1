package dev.concert.seats;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** What the seat streams read from the concert feature (which knows the halls). */
public interface SeatStreamSource {
  /**
   * What a stream of {@code scheduleId} follows: of section {@code sectionId}, or of the whole date
   * when null; a failed future (404) for an unknown date or section.
   */
  Future<StreamScope> scope(long scheduleId, Long sectionId);

  /** The seat map read from Redis (a stream's first event): the whole date's, or one section's. */
  Future<Buffer> seatMap(long scheduleId, Long sectionId);

  /** The date's sections with their free places, read from Redis: {@code {"scheduleId","items":[...]}}. */
  Future<JsonObject> sections(long scheduleId);
}
