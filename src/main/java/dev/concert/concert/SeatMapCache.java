package dev.concert.concert;

import dev.concert.seats.SeatCopies;
import dev.concert.seats.SeatSnapshot;
import dev.concert.seats.SeatStatus;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Seat maps rendered from this instance's seat copies ({@link SeatCopies}): rendered once per
 * snapshot, not per request, and again when a hold in it lapses. One per process, shared by the
 * concert verticles and the HTTP edge of every event loop (immutable entries only). Whole-date maps
 * only: a section's places ({@code ?section=}) are {@link HallReadCache}'s.
 */
public final class SeatMapCache {
  private record Rendered(Hall hall, SeatSnapshot snapshot, long unchangedUntil, Buffer json) {}

  private final SeatCopies copies;
  private final Map<Long, Rendered> rendered = new ConcurrentHashMap<>();

  public SeatMapCache(SeatCopies copies) {
    this.copies = copies;
  }

  /**
   * The seat map of a schedule this process has served before, from the copy; null when there is
   * no copy (yet), and then the concert feature answers ({@link #seatMap}).
   */
  public Buffer cached(long scheduleId) {
    Rendered last = rendered.get(scheduleId);
    if (last == null) {
      return null;
    }
    SeatSnapshot snapshot = copies.current(scheduleId);
    return snapshot == null ? null : render(last.hall(), snapshot, last);
  }

  /** The whole date's seat map from the copy, or from {@code fromRedis} while there is none. */
  Future<Buffer> seatMap(Hall hall, Supplier<Future<SeatStatus[]>> fromRedis) {
    SeatSnapshot snapshot = copies.current(hall.schedule().id());
    if (snapshot == null) {
      return fromRedis.get().map(states -> hall.render(states, -1));
    }
    return Future.succeededFuture(render(hall, snapshot, rendered.get(hall.schedule().id())));
  }

  private Buffer render(Hall hall, SeatSnapshot snapshot, Rendered last) {
    long now = SeatSnapshot.now();
    if (last != null && last.snapshot() == snapshot && now < last.unchangedUntil()) {
      return last.json();
    }
    Buffer json = hall.render(snapshot.states(hall.capacity(), now), -1);
    rendered.put(hall.schedule().id(), new Rendered(hall, snapshot, snapshot.unchangedUntil(now), json));
    return json;
  }
}
