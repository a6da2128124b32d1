package dev.concert.queue;

import dev.concert.infra.LuaScript;
import dev.concert.shared.BusMessage;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * What a queue stream derives its position from without asking about its own token: the head of
 * its room's line (one read per room per tick) and the token's order in that line.
 */
final class LineHeads {
  private static final LuaScript HEAD = LuaScript.load("queue_head");

  /**
   * The head of a room's line: a waiting token of order {@code s} stands at
   * {@link LineHead#position(long)}. {@code departed}: ascending scores of tokens that left the
   * line above its head (abandoned, ended), which the positions must not count. {@code paused}: the
   * room's pause as its admission reads it (null: no live copy of its controls in Redis).
   */
  record LineHead(Long head, long shuffled, Long firstArrival, boolean opened, long[] departed, Boolean paused)
      implements BusMessage {
    /** The same head, with {@code paused} where Redis had no live copy to say. */
    LineHead pausedOr(boolean roomPaused) {
      return paused != null ? this : new LineHead(head, shuffled, firstArrival, opened, departed, roomPaused);
    }

    /** 1-based position of the token of order {@code s}; 0 if it is no longer in the line. */
    long position(long s) {
      if (head == null) {
        return 0;
      }
      if (s < 0) {
        return s < head ? 0 : s - head + 1 - departedIn(head, s);
      }
      return firstArrival == null || s < firstArrival ? 0 : shuffled + (s - firstArrival + 1) - departedIn(firstArrival, s);
    }

    /** How many departed scores lie in [from, to). */
    private long departedIn(long from, long to) {
      return firstAtOrAbove(to) - firstAtOrAbove(from);
    }

    private int firstAtOrAbove(long score) {
      int low = 0;
      int high = departed.length;
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (departed[mid] < score) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      return low;
    }
  }

  private final Redis redis;

  LineHeads(Redis redis) {
    this.redis = redis;
  }

  Future<LineHead> head(Room room) {
    return HEAD.run(redis, List.of(room.waiting(), room.meta(), room.departed(), room.controls()), List.of()).map(r -> {
      Response scores = r.get(4);
      long[] departed = new long[scores.size()];
      for (int i = 0; i < departed.length; i++) {
        departed[i] = score(scores.get(i));
      }
      int paused = r.get(5).toInteger();
      return new LineHead(score(r.get(0)), r.get(1).toLong(), score(r.get(2)), r.get(3).toInteger() == 1, departed,
          paused < 0 ? null : paused == 1);
    });
  }

  /** The token's order in the waiting line (its score); null when it is not in it. */
  Future<Long> order(Room room, String tokenId) {
    return redis.send(Request.cmd(Command.ZSCORE).arg(room.waiting()).arg(tokenId)).map(LineHeads::score);
  }

  private static Long score(Response r) {
    if (r == null || r.toString().isEmpty()) {
      return null;
    }
    return (long) Double.parseDouble(r.toString());
  }
}
