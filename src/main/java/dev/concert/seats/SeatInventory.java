package dev.concert.seats;

import dev.concert.concert.Schedule;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads seat states from Redis: a seat map is one HGETALL, a free-seat count one HLEN (Redis keeps
 * the hash size, so nothing is counted per request).
 */
public final class SeatInventory {
  private final Redis redis;

  public SeatInventory(Redis redis) {
    this.redis = redis;
  }

  /** The seat states of a schedule, seat 1 first, from one HGETALL. */
  public Future<SeatStatus[]> seatStates(Schedule schedule) {
    return redis.send(Request.cmd(Command.HGETALL).arg(SeatKeys.seats(schedule.id()))).map(taken -> {
      long now = System.currentTimeMillis();
      SeatStatus[] states = new SeatStatus[schedule.totalSeats()];
      Arrays.fill(states, SeatStatus.AVAILABLE);
      for (String field : taken.getKeys()) {
        int seat = Integer.parseInt(field);
        if (seat >= 1 && seat <= states.length) {
          states[seat - 1] = SeatStatus.fromRedisValue(taken.get(field).toString(), now);
        }
      }
      return states;
    });
  }

  /** Free seats of each schedule, in order, with one pipelined batch. */
  public Future<List<Integer>> availableSeats(List<Schedule> schedules) {
    if (schedules.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<Request> requests = new ArrayList<>();
    schedules.forEach(s -> requests.add(Request.cmd(Command.HLEN).arg(SeatKeys.seats(s.id()))));
    return redis.batch(requests).map(responses -> {
      List<Integer> available = new ArrayList<>();
      for (int i = 0; i < schedules.size(); i++) {
        available.add(Math.max(0, schedules.get(i).totalSeats() - responses.get(i).toInteger()));
      }
      return available;
    });
  }
}
