package dev.concert.seats;

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
final class SeatInventory {
  private final Redis redis;

  public SeatInventory(Redis redis) {
    this.redis = redis;
  }

  /** The seat states of a schedule, seat 1 first, from one HGETALL. */
  public Future<SeatStatus[]> seatStates(long scheduleId, int totalSeats) {
    return redis.send(Request.cmd(Command.HGETALL).arg(SeatKeys.seats(scheduleId))).map(taken -> {
      long now = System.currentTimeMillis();
      SeatStatus[] states = new SeatStatus[totalSeats];
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

  /** Taken seats of each schedule, in order, with one pipelined batch (HLEN: Redis keeps the count). */
  public Future<List<Integer>> takenCounts(List<Long> scheduleIds) {
    if (scheduleIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<Request> requests = new ArrayList<>();
    scheduleIds.forEach(id -> requests.add(Request.cmd(Command.HLEN).arg(SeatKeys.seats(id))));
    return redis.batch(requests).map(responses -> {
      List<Integer> taken = new ArrayList<>();
      for (int i = 0; i < scheduleIds.size(); i++) {
        taken.add(responses.get(i).toInteger());
      }
      return taken;
    });
  }
}
