package dev.concert.audit;

import dev.concert.seats.SeatKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the seat hashes the audit compares, without blocking Redis for long: HSCAN in steps of
 * about {@link #STEP} fields, one schedule after the other, never one HGETALL of a whole hall.
 */
final class RedisSeatScan {
  static final int STEP = 500;

  private final Redis redis;

  RedisSeatScan(Redis redis) {
    this.redis = redis;
  }

  /** Redis's clock (epoch ms), the clock of holds: lapsed holds are judged by it. */
  Future<Long> redisNow() {
    return redis.send(Request.cmd(Command.TIME))
        .map(time -> time.get(0).toLong() * 1000 + time.get(1).toLong() / 1000);
  }

  /** Each schedule's seat values (seat number to Redis value). */
  Future<Map<Long, Map<Integer, String>>> seats(List<Long> scheduleIds) {
    Map<Long, Map<Integer, String>> all = new HashMap<>();
    Future<Void> done = Future.succeededFuture();
    for (long id : scheduleIds) {
      done = done.compose(previous -> scan(SeatKeys.seats(id), "0", new HashMap<>())
          .map(values -> {
            all.put(id, values);
            return null;
          }));
    }
    return done.map(finished -> all);
  }

  private Future<Map<Integer, String>> scan(String key, String cursor, Map<Integer, String> values) {
    return redis.send(Request.cmd(Command.HSCAN).arg(key).arg(cursor).arg("COUNT").arg(STEP)).compose(page -> {
      Response fields = page.get(1);
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        values.put(Integer.parseInt(fields.get(i).toString()), fields.get(i + 1).toString());
      }
      String next = page.get(0).toString();
      return "0".equals(next) ? Future.succeededFuture(values) : scan(key, next, values);
    });
  }
}
