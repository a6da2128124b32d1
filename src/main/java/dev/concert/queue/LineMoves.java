package dev.concert.queue;

import dev.concert.config.AppConfig;
import dev.concert.http.TokenEnds;
import dev.concert.infra.RedisSubscription;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells the queue streams of this instance when a room's line moved, on any instance: the room's
 * admission tick and the end of a token publish it on the room's channel ({@link Room#moves()}),
 * and ONE subscription per instance hands it to the listeners of that room (one per event loop
 * with streams in it, see {@link QueueStreams}). The streams then tick at once instead of on
 * their own timer, which stays as the fallback for a notice lost with the subscription.
 *
 * <p>A notice is {@code "<movedAt>"}, or {@code "<movedAt> <tokenId> ..."} naming the tokens that
 * ended (paid, active time up, dropped): the streams those tokens opened end at once
 * ({@link TokenEnds}), instead of asking after their token on every tick.
 */
public final class LineMoves implements RedisSubscription.Handler, TokenEnds {
  /** Every room's channel: {@code queue:{q}:moves} and {@code queue:{room:<concertId>}:moves}. */
  static final String PATTERN = "queue:{*}:moves";

  /** Gets the moves of one room; called on the subscription's thread, so it hops to its own loop. */
  interface Listener {
    /** {@code movedAt}: Redis's time (epoch ms) when the line moved. */
    void moved(long movedAt);
  }

  private final Map<String, Set<Listener>> listeners = new ConcurrentHashMap<>();
  /** What to run when a token ends, by token id (each hops to the context that asked). */
  private final Map<String, Set<Runnable>> ends = new ConcurrentHashMap<>();
  private RedisSubscription subscription;

  private LineMoves() {}

  /** Subscribes; the future completes once the subscription is in place. */
  public static Future<LineMoves> start(Vertx vertx, AppConfig config) {
    LineMoves moves = new LineMoves();
    return RedisSubscription.start(vertx, config, "line-moves", PATTERN, moves).map(subscription -> {
      moves.subscription = subscription;
      return moves;
    });
  }

  /** {@code room}: {@link Room#id()}. */
  void add(String room, Listener listener) {
    listeners.computeIfAbsent(room, id -> ConcurrentHashMap.newKeySet()).add(listener);
  }

  void remove(String room, Listener listener) {
    listeners.computeIfPresent(room, (id, set) -> {
      set.remove(listener);
      return set.isEmpty() ? null : set;
    });
  }

  public Future<Void> close() {
    return subscription.close();
  }

  @Override
  public Runnable watch(String tokenId, Runnable ended) {
    Context context = Vertx.currentContext();
    Runnable onItsContext = () -> context.runOnContext(v -> ended.run());
    ends.computeIfAbsent(tokenId, id -> ConcurrentHashMap.newKeySet()).add(onItsContext);
    return () -> ends.computeIfPresent(tokenId, (id, set) -> {
      set.remove(onItsContext);
      return set.isEmpty() ? null : set;
    });
  }

  @Override
  public void message(String channel, String notice) {
    int space = notice.indexOf(' ');
    if (space > 0) {
      for (String tokenId : notice.substring(space + 1).split(" ")) {
        ended(tokenId);
      }
    }
    Set<Listener> set = listeners.get(roomOf(channel));
    if (set != null) {
      long at = Long.parseLong(space > 0 ? notice.substring(0, space) : notice);
      set.forEach(listener -> listener.moved(at));
    }
  }

  /**
   * The streams' own timer catches up with the moves missed; token ends may have been missed too,
   * so every watcher is told (a queue stream then asks after its token, a seat stream ends and its
   * client reconnects through the gate).
   */
  @Override
  public void lost() {
    List.copyOf(ends.keySet()).forEach(this::ended);
  }

  /** Tells (once) whoever watches {@code tokenId} that it ended. */
  private void ended(String tokenId) {
    Set<Runnable> watchers = ends.remove(tokenId);
    if (watchers != null) {
      watchers.forEach(Runnable::run);
    }
  }

  /** {@code queue:{room:42}:moves} → {@code 42}; {@code queue:{q}:moves} → the service-wide room. */
  static String roomOf(String channel) {
    int open = channel.indexOf('{');
    int close = channel.indexOf('}', open);
    String tag = channel.substring(open + 1, close);
    return tag.startsWith("room:") ? tag.substring(5) : Room.SERVICE_WIDE;
  }
}
