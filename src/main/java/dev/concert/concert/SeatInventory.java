package dev.concert.concert;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
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

  /**
   * Free seats of each schedule, in order: one HLEN each, sent together on the pipelined
   * connection. Not one batch: on a Redis Cluster the schedules' keys live on different masters,
   * and a batch must stay on one.
   */
  public Future<List<Integer>> availableSeats(List<Schedule> schedules) {
    List<Future<Response>> counts = new ArrayList<>(schedules.size());
    schedules.forEach(s -> counts.add(redis.send(Request.cmd(Command.HLEN).arg(SeatKeys.seats(s.id())))));
    return Future.all(counts).map(all -> {
      List<Integer> available = new ArrayList<>(schedules.size());
      for (int i = 0; i < schedules.size(); i++) {
        available.add(Math.max(0, schedules.get(i).totalSeats() - counts.get(i).result().toInteger()));
      }
      return available;
    });
  }
}
