package dev.concert.concert;

import dev.concert.concert.ConcertMessages.Availability;
import dev.concert.seats.SeatCopies;
import dev.concert.seats.SeatSnapshot;
import dev.concert.seats.SeatStatus;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Availability documents ({@code GET /schedules/{id}/availability}) rendered from this instance's
 * seat copies ({@link SeatCopies}): once per snapshot of a date (and again when a hold in it
 * lapses), never per request, with their entity tag. One per process, shared by the concert
 * verticles and the HTTP edge of every event loop (immutable entries only), as {@link SeatMapCache}.
 */
public final class AvailabilityCache {
  private record Rendered(int capacity, SeatSnapshot snapshot, long unchangedUntil, Availability document) {}

  private final SeatCopies copies;
  private final Map<Long, Rendered> rendered = new ConcurrentHashMap<>();

  public AvailabilityCache(SeatCopies copies) {
    this.copies = copies;
  }

  /**
   * The document of a date this process has served before, from the copy; null when there is no
   * copy (yet), and then the concert feature answers ({@link #availability}).
   */
  public Availability cached(long scheduleId) {
    Rendered last = rendered.get(scheduleId);
    if (last == null) {
      return null;
    }
    SeatSnapshot snapshot = copies.current(scheduleId);
    return snapshot == null ? null : render(scheduleId, last.capacity(), snapshot, last);
  }

  /** The date's document from the copy, or from {@code fromRedis} (rendered for this read only) while there is none. */
  Future<Availability> availability(Hall hall, Supplier<Future<SeatStatus[]>> fromRedis) {
    long scheduleId = hall.schedule().id();
    SeatSnapshot snapshot = copies.current(scheduleId);
    if (snapshot == null) {
      return fromRedis.get().map(states -> document(scheduleId, states));
    }
    return Future.succeededFuture(render(scheduleId, hall.capacity(), snapshot, rendered.get(scheduleId)));
  }

  private Availability render(long scheduleId, int capacity, SeatSnapshot snapshot, Rendered last) {
    long now = SeatSnapshot.now();
    if (last != null && last.snapshot() == snapshot && now < last.unchangedUntil()) {
      return last.document();
    }
    Availability document = document(scheduleId, snapshot.states(capacity, now));
    rendered.put(scheduleId, new Rendered(capacity, snapshot, snapshot.unchangedUntil(now), document));
    return document;
  }

  static Availability document(long scheduleId, SeatStatus[] states) {
    byte[] json = AvailabilityBits.document(scheduleId, states).getBytes(StandardCharsets.US_ASCII);
    return new Availability(AvailabilityBits.etag(json), Buffer.buffer(json));
  }
}
