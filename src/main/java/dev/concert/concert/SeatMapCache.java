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
 * concert verticles and the HTTP edge of every event loop (immutable entries only).
 */
public final class SeatMapCache {
  private record Rendered(Schedule schedule, SeatSnapshot snapshot, long unchangedUntil, Buffer json) {}

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
    return snapshot == null ? null : render(last.schedule(), snapshot, last);
  }

  /** The seat map from the copy, or from {@code fromRedis} while there is none. */
  Future<Buffer> seatMap(Schedule schedule, Supplier<Future<SeatStatus[]>> fromRedis) {
    SeatSnapshot snapshot = copies.current(schedule.id());
    if (snapshot == null) {
      return fromRedis.get().map(states -> SeatMapView.render(schedule, states));
    }
    return Future.succeededFuture(render(schedule, snapshot, rendered.get(schedule.id())));
  }

  private Buffer render(Schedule schedule, SeatSnapshot snapshot, Rendered last) {
    long now = SeatSnapshot.now();
    if (last != null && last.snapshot() == snapshot && now < last.unchangedUntil()) {
      return last.json();
    }
    Buffer json = SeatMapView.render(schedule, snapshot.states(schedule.totalSeats(), now));
    rendered.put(schedule.id(), new Rendered(schedule, snapshot, snapshot.unchangedUntil(now), json));
    return json;
  }
}
