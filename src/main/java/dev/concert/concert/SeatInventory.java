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
 * Reads seat states from Redis: a seat map is one HGETALL, a free-seat count one HVALS of the
 * taken seats (lapsed holds count as free, as the hold script sees them).
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
   * Free seats of each schedule, in order: one HVALS each, sent together on the pipelined
   * connection (not one batch: on a Redis Cluster the schedules' keys live on different masters,
   * and a batch must stay on one). The hash's values are read rather than its size: a hold that
   * lapsed without a release stays in the hash until its seat is touched again, and counting it
   * would make a date look fuller (or sold out) than it is.
   */
  public Future<List<Integer>> availableSeats(List<Schedule> schedules) {
    List<Future<Response>> values = new ArrayList<>(schedules.size());
    schedules.forEach(s -> values.add(redis.send(Request.cmd(Command.HVALS).arg(SeatKeys.seats(s.id())))));
    return Future.all(values).map(all -> {
      long now = System.currentTimeMillis();
      List<Integer> available = new ArrayList<>(schedules.size());
      for (int i = 0; i < schedules.size(); i++) {
        int taken = 0;
        for (var value : values.get(i).result()) {
          if (SeatStatus.fromRedisValue(value.toString(), now) != SeatStatus.AVAILABLE) {
            taken++;
          }
        }
        available.add(Math.max(0, schedules.get(i).totalSeats() - taken));
      }
      return available;
    });
  }
}
