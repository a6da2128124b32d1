package dev.concert.queue;

import dev.concert.infra.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.util.ArrayList;
import java.util.List;

/**
 * The list of rooms the admission timer visits: rooms with tokens, due from their opening on, so
 * that a tick costs nothing for idle rooms. Each room's version lets it leave the list only if no
 * token joined since the tick found it empty.
 */
final class DueRooms {
  private static final LuaScript TOUCH = LuaScript.load("rooms_touch");
  private static final LuaScript DUE = LuaScript.load("rooms_due");
  private static final LuaScript IDLE = LuaScript.load("rooms_idle");
  static final String DUE_KEY = "rooms:{rooms}:due";
  static final String VERSION_KEY = "rooms:{rooms}:ver";
  private static final List<String> KEYS = List.of(DUE_KEY, VERSION_KEY);

  /** A room found due, with the list's version when it was read. */
  record DueRoom(String roomId, String version) {}

  private final Redis redis;

  DueRooms(Redis redis) {
    this.redis = redis;
  }

  /** Puts the room on the timer's list, due at {@code dueMillis}. */
  Future<Void> touch(Room room, long dueMillis) {
    return TOUCH.run(redis, KEYS, List.of(room.id(), Long.toString(dueMillis))).mapEmpty();
  }

  /** Up to {@code limit} rooms due now, lowest due first. */
  Future<List<DueRoom>> due(int limit) {
    return DUE.run(redis, KEYS, List.of(Integer.toString(limit))).map(r -> {
      List<DueRoom> rooms = new ArrayList<>(r.size() / 2);
      for (int i = 0; i + 1 < r.size(); i += 2) {
        rooms.add(new DueRoom(r.get(i).toString(), r.get(i + 1).toString()));
      }
      return rooms;
    });
  }

  /** Takes an idle room off the list unless a token joined since {@code due} was read. */
  Future<Boolean> idle(DueRoom due) {
    return IDLE.run(redis, KEYS, List.of(due.roomId(), due.version())).map(r -> r.toInteger() == 1);
  }
}
