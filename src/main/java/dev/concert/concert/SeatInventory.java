package dev.concert.concert;

import dev.concert.infra.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads seat states from Redis with one script a schedule (seats_states.lua), so that the seat map
 * and the free-seat counts apply the same rules as the hold script.
 */
public final class SeatInventory {
  private static final LuaScript STATES = LuaScript.load("seats_states");
  private final Redis redis;

  public SeatInventory(Redis redis) {
    this.redis = redis;
  }

  /** The seat states of a schedule, seat 1 first, from one script returning a character a seat. */
  public Future<SeatStatus[]> seatStates(Schedule schedule) {
    return STATES.run(redis, List.of(SeatKeys.seats(schedule.id())),
            List.of(Integer.toString(schedule.totalSeats()), Long.toString(SeatKeys.LAPSE_GRACE_MILLIS)))
        .map(codes -> SeatStatus.fromCodes(codes.toString(), schedule.totalSeats()));
  }

  /** Free seats of each schedule, in order: the same script per schedule, all sent at once. */
  public Future<List<Integer>> availableSeats(List<Schedule> schedules) {
    List<Future<SeatStatus[]>> reads = new ArrayList<>();
    schedules.forEach(schedule -> reads.add(seatStates(schedule)));
    return Future.all(reads).map(all -> {
      List<Integer> available = new ArrayList<>();
      for (Future<SeatStatus[]> read : reads) {
        int free = 0;
        for (SeatStatus state : read.result()) {
          free += state == SeatStatus.AVAILABLE ? 1 : 0;
        }
        available.add(free);
      }
      return available;
    });
  }
}
