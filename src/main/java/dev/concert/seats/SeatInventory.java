package dev.concert.seats;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads seat states from Redis: a seat map is one HGETALL, a taken-seat count one HVALS (lapsed
 * holds count as free, as the hold script sees them).
 */
final class SeatInventory {
  private final Redis redis;
  /** Lapses are judged by Redis's clock, as the hold script judges them. */
  private final HoldClock clock;

  public SeatInventory(Redis redis, HoldClock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  /** The seat states of a schedule, seat 1 first, from one HGETALL. */
  public Future<SeatStatus[]> seatStates(long scheduleId, int totalSeats) {
    return clock.known(redis)
        .compose(known -> redis.send(Request.cmd(Command.HGETALL).arg(SeatKeys.seats(scheduleId))))
        .map(taken -> states(taken, totalSeats, clock.millis()));
  }

  private static SeatStatus[] states(Response taken, int totalSeats, long now) {
    SeatStatus[] states = new SeatStatus[totalSeats];
    Arrays.fill(states, SeatStatus.AVAILABLE);
    for (String field : taken.getKeys()) {
      int seat = Integer.parseInt(field);
      if (seat >= 1 && seat <= states.length) {
        states[seat - 1] = SeatStatus.fromRedisValue(taken.get(field).toString(), now);
      }
    }
    return states;
  }

  /**
   * Taken seats of each schedule, in order: one HVALS each, sent together on the pipelined
   * connection (not one batch: on a Redis Cluster the schedules' keys live on different masters,
   * and a batch must stay on one). The hash's values are read rather than its size: a hold that
   * lapsed without a release stays in the hash until its seat is touched again, and counting it
   * would make a date look fuller (or sold out) than it is.
   */
  public Future<List<Integer>> takenCounts(List<Long> scheduleIds) {
    List<Future<Response>> values = new ArrayList<>(scheduleIds.size());
    scheduleIds.forEach(id -> values.add(redis.send(Request.cmd(Command.HVALS).arg(SeatKeys.seats(id)))));
    return Future.all(values).map(all -> {
      long now = clock.millis();
      List<Integer> taken = new ArrayList<>(scheduleIds.size());
      for (int i = 0; i < scheduleIds.size(); i++) {
        int count = 0;
        for (var value : values.get(i).result()) {
          if (SeatStatus.fromRedisValue(value.toString(), now) != SeatStatus.AVAILABLE) {
            count++;
          }
        }
        taken.add(count);
      }
      return taken;
    });
  }
}
