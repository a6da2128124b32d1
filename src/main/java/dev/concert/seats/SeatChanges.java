package dev.concert.seats;

import dev.concert.config.AppConfig;
import dev.concert.infra.RedisSubscription;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The seat change notices of this instance: ONE Redis subscription (a pattern over every
 * schedule's channel, see the seat scripts) whatever the number of streams, handed on to the
 * listeners of each schedule (one per event loop with streams of that schedule, see
 * {@link SeatStreams}). Cost per notice: one hop per listening loop, not per connection.
 *
 * <p>Redis Cluster: every node carries every notice (see {@link RedisSubscription}). The channel
 * already carries the schedule's hash tag, so the scalable form is SPUBLISH in the scripts and
 * SSUBSCRIBE per schedule with local streams (sharded pub/sub has no patterns).
 */
public final class SeatChanges implements RedisSubscription.Handler {
  /** What a script publishes on: the schedule's seat hash name plus this suffix. */
  static final String CHANNEL_SUFFIX = ":changes";
  /** Every schedule's channel (see {@link SeatKeys#seats}). */
  static final String PATTERN = "seats:{schedule:*}" + CHANNEL_SUFFIX;

  /** Gets the notices of one schedule; called on the subscription's thread, so it hops to its own loop. */
  public interface Listener {
    /** {@code notice}: {@code "<seat><A|H|S|W> ..."} as the script published it. */
    void notice(String notice);

    /** The subscription broke: changes may have been missed, the streams must start over. */
    void lost();
  }

  private final Map<Long, Set<Listener>> listeners = new ConcurrentHashMap<>();
  private RedisSubscription subscription;

  private SeatChanges() {}

  /** Subscribes; the future completes once the subscription is in place. */
  public static Future<SeatChanges> start(Vertx vertx, AppConfig config) {
    SeatChanges changes = new SeatChanges();
    return RedisSubscription.start(vertx, config, "seat-changes", PATTERN, changes).map(subscription -> {
      changes.subscription = subscription;
      return changes;
    });
  }

  /** The context the notices and losses are handed to listeners on. */
  Context context() {
    return subscription.context();
  }

  /** The server of the subscription ({@code redis://host:port...}) and its connection's id there. */
  String server() {
    return subscription.server();
  }

  long clientId() {
    return subscription.clientId();
  }

  /** True while the subscription is in place: a stream opened without it would miss changes. */
  public boolean subscribed() {
    return subscription.subscribed();
  }

  public void add(long scheduleId, Listener listener) {
    listeners.computeIfAbsent(scheduleId, id -> ConcurrentHashMap.newKeySet()).add(listener);
  }

  public void remove(long scheduleId, Listener listener) {
    listeners.computeIfPresent(scheduleId, (id, set) -> {
      set.remove(listener);
      return set.isEmpty() ? null : set;
    });
  }

  public Future<Void> close() {
    return subscription.close();
  }

  @Override
  public void message(String channel, String notice) {
    Set<Listener> set = listeners.get(scheduleOf(channel));
    if (set != null) {
      set.forEach(listener -> listener.notice(notice));
    }
  }

  @Override
  public void lost() {
    listeners.values().forEach(set -> set.forEach(Listener::lost));
  }

  /** {@code seats:{schedule:42}:changes} → 42; -1 when the channel is not a seat channel. */
  static long scheduleOf(String channel) {
    int open = channel.indexOf(':', channel.indexOf('{')) + 1;
    int close = channel.indexOf('}', open);
    try {
      return Long.parseLong(channel, open, close, 10);
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
