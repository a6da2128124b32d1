package dev.concert.seats;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This process's own seat changes and the copies catching up with them ({@link SeatCopies}): a
 * change this process made is read back before the seat map here is served from the copy again, so
 * a buyer's own hold, cancel or payment shows at once, while the change's notice may still be on its
 * way.
 */
final class OwnWrites {
  private final CopyStore store;
  /** Schedules this process changed whose copy is reading the changed seats back: read Redis meanwhile. */
  private final Map<Long, Integer> catchingUp = new ConcurrentHashMap<>();

  OwnWrites(CopyStore store) {
    this.store = store;
  }

  /**
   * {@code seats} of a schedule were just changed here: until its copy has read them back, reads of
   * the schedule go to Redis. On the writer's loop.
   */
  void written(long scheduleId, List<Integer> seats) {
    if (!seats.isEmpty() && store.kept(scheduleId)) {
      catchingUp.merge(scheduleId, 1, Integer::sum);
      store.context().runOnContext(v -> readBack(scheduleId, seats));
    }
  }

  /** True while the schedule's copy may not show a change made here yet. Any event loop. */
  boolean catchingUp(long scheduleId) {
    return catchingUp.containsKey(scheduleId);
  }

  private void readBack(long scheduleId, List<Integer> seats) {
    Copy copy = store.copy(scheduleId);
    if (copy == null) {
      caughtUp(scheduleId); // a load is queued: its read comes after the change
      return;
    }
    copy.read(seats, () -> caughtUp(scheduleId));
  }

  private void caughtUp(long scheduleId) {
    catchingUp.computeIfPresent(scheduleId, (id, n) -> n == 1 ? null : n - 1);
  }
}
