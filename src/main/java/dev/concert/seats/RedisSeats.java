package dev.concert.seats;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@link Seats} on Redis: the scripts ({@link SeatLocks}), the reads ({@link SeatInventory}), the
 * rebuild. A change made here is read back by this process's seat copies ({@link SeatCopies#written}),
 * so that this instance's next seat map shows it.
 */
public final class RedisSeats implements Seats {
  private final SeatLocks locks;
  private final SeatInventory inventory;

  public RedisSeats(Redis redis) {
    this(redis, HoldClock.system());
  }

  /** On {@code clock}'s estimate of Redis's clock, which every hold deadline and lapse is judged by. */
  public RedisSeats(Redis redis, HoldClock clock) {
    this.locks = new SeatLocks(redis, clock);
    this.inventory = new SeatInventory(redis, clock);
  }

  @Override
  public Future<HoldResult> hold(long scheduleId, UUID reservationId, UUID userId, List<Integer> seats, long holdMillis,
      BuyerLimits limits) {
    return locks.hold(scheduleId, reservationId, userId, seats, holdMillis, limits).onSuccess(result -> {
      if (result.held()) {
        SeatCopies.written(scheduleId, seats);
      }
    });
  }

  @Override
  public Future<Void> markCancelled(long scheduleId) {
    return locks.markCancelled(scheduleId);
  }

  @Override
  public Future<BestResult> holdBest(long scheduleId, UUID reservationId, UUID userId, Seats.Layout layout,
      BestRequest best, long holdMillis, BuyerLimits limits) {
    return locks.holdBest(scheduleId, reservationId, userId, layout, best, holdMillis, limits).onSuccess(result -> {
      if (result.result().held()) {
        SeatCopies.written(scheduleId, result.seats());
      }
    });
  }

  @Override
  public Future<Integer> release(long scheduleId, UUID reservationId, List<Integer> seats) {
    return freed(scheduleId, seats, locks.release(scheduleId, reservationId, seats));
  }

  @Override
  public Future<Void> sell(long scheduleId, UUID reservationId, List<Integer> seats) {
    return locks.sell(scheduleId, reservationId, seats).onSuccess(sold -> SeatCopies.written(scheduleId, seats));
  }

  @Override
  public Future<Integer> giveBack(long scheduleId, UUID reservationId, List<Integer> seats) {
    return freed(scheduleId, seats, locks.giveBack(scheduleId, reservationId, seats));
  }

  /** Seats a script freed: this process's seat copies read them back when any were. */
  private static Future<Integer> freed(long scheduleId, List<Integer> seats, Future<Integer> freeing) {
    return freeing.onSuccess(freed -> {
      if (freed > 0) {
        SeatCopies.written(scheduleId, seats);
      }
    });
  }

  @Override
  public Future<Withholding> withhold(long scheduleId, List<Integer> seats) {
    return locks.withhold(scheduleId, seats).onSuccess(done -> SeatCopies.written(scheduleId, seats));
  }

  @Override
  public Future<List<Integer>> putBack(long scheduleId, List<Integer> seats) {
    return locks.putBack(scheduleId, seats).onSuccess(back -> SeatCopies.written(scheduleId, seats));
  }

  @Override
  public Future<List<Integer>> rebuildWithheld(long scheduleId, List<Integer> seats) {
    Map<Integer, String> values = new HashMap<>();
    seats.forEach(seat -> values.put(seat, SeatKeys.WITHHELD));
    return locks.restore(scheduleId, values).onSuccess(written -> SeatCopies.written(scheduleId, written));
  }

  @Override
  public Future<SeatStatus[]> states(long scheduleId, int totalSeats) {
    return inventory.seatStates(scheduleId, totalSeats);
  }

  @Override
  public Future<List<Integer>> takenCounts(List<Long> scheduleIds) {
    return inventory.takenCounts(scheduleIds);
  }

  @Override
  public Future<List<TakenSeat>> rebuild(List<TakenSeat> taken) {
    return SeatRebuild.run(taken, locks);
  }
}
