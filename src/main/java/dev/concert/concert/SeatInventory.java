package dev.concert.concert;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
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

  public Future<JsonObject> seatMap(Schedule schedule) {
    return redis.send(Request.cmd(Command.HGETALL).arg(SeatKeys.seats(schedule.id()))).map(taken -> {
      long now = System.currentTimeMillis();
      JsonArray items = new JsonArray();
      for (int seat = 1; seat <= schedule.totalSeats(); seat++) {
        Response value = taken.get(Integer.toString(seat));
        items.add(new JsonObject()
            .put("seatNumber", seat)
            .put("price", schedule.price())
            .put("status", SeatStatus.fromRedisValue(value == null ? null : value.toString(), now).name()));
      }
      return new JsonObject().put("scheduleId", schedule.id()).put("items", items);
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
