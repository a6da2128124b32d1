package dev.concert.seats;

import io.vertx.core.Vertx;

/** Test access to an instance's seat copies from other packages. */
public final class SeatCopiesAccess {
  private SeatCopiesAccess() {}

  /** True when {@code vertx}'s instance has a loaded copy of the schedule (asking starts one). */
  public static boolean loaded(Vertx vertx, long scheduleId) {
    SeatCopies copies = SeatCopies.of(vertx);
    return copies != null && copies.current(scheduleId) != null;
  }
}
