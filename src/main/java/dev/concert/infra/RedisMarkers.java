package dev.concert.infra;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The marker keys to watch: one on a single Redis; on a Redis Cluster one per master, each with a
 * hash tag that lands in that master's slots, since a master can lose its data alone.
 */
final class RedisMarkers {
  static final String SINGLE = "concert:redis-marker";

  private RedisMarkers() {}

  /** A slot range [first, last] served by one master. */
  record Range(String master, int first, int last) {}

  static Future<List<String>> keys(Redis redis, boolean cluster) {
    if (!cluster) {
      return Future.succeededFuture(List.of(SINGLE));
    }
    return redis.send(Request.cmd(Command.CLUSTER).arg("SLOTS")).map(slots -> forMasters(ranges(slots)));
  }

  /** CLUSTER SLOTS: each entry is first slot, last slot, then the master (host, port, id), then replicas. */
  static List<Range> ranges(Response slots) {
    List<Range> ranges = new ArrayList<>();
    for (Response entry : slots) {
      Response master = entry.get(2);
      ranges.add(new Range(master.get(0).toString() + ":" + master.get(1).toInteger(),
          entry.get(0).toInteger(), entry.get(1).toInteger()));
    }
    return ranges;
  }

  /** One marker key per master: the first {@code concert:redis-marker:{m<i>}} whose slot the master serves. */
  static List<String> forMasters(List<Range> ranges) {
    Map<String, List<Range>> byMaster = new LinkedHashMap<>();
    ranges.forEach(r -> byMaster.computeIfAbsent(r.master(), m -> new ArrayList<>()).add(r));
    List<String> keys = new ArrayList<>();
    for (List<Range> owned : byMaster.values()) {
      for (int i = 0; ; i++) {
        String key = SINGLE + ":{m" + i + "}";
        int slot = KeySlot.of(key);
        if (owned.stream().anyMatch(r -> slot >= r.first() && slot <= r.last())) {
          keys.add(key);
          break;
        }
      }
    }
    return keys;
  }
}
