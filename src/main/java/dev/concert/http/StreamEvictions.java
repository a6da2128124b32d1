package dev.concert.http;

import dev.concert.config.AppConfig;
import dev.concert.infra.RedisSubscription;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the streams of a token that opened too many are ended, whichever instance counted the new
 * one: the count's script names the ended streams on one channel, and ONE subscription per
 * instance ends those it holds (each on its own loop). A notice lost with the subscription is
 * caught at the stream's next heartbeat, which finds its entry gone ({@link StreamLimits}).
 */
public final class StreamEvictions implements RedisSubscription.Handler {
  /** What the count's script publishes the ended streams' members on. */
  static final String CHANNEL = "streams:evicted";

  private final Map<String, EventStream> open = new ConcurrentHashMap<>();
  private RedisSubscription subscription;

  private StreamEvictions() {}

  /** Subscribes; the future completes once the subscription is in place. */
  public static Future<StreamEvictions> start(Vertx vertx, AppConfig config) {
    StreamEvictions evictions = new StreamEvictions();
    return RedisSubscription.start(vertx, config, "stream-evictions", CHANNEL, evictions).map(subscription -> {
      evictions.subscription = subscription;
      return evictions;
    });
  }

  public Future<Void> close() {
    return subscription == null ? Future.succeededFuture() : subscription.close();
  }

  void add(String member, EventStream stream) {
    open.put(member, stream);
  }

  void remove(String member) {
    open.remove(member);
  }

  /** Ends the stream of {@code member} if this instance holds it. */
  void end(String member) {
    EventStream stream = open.remove(member);
    if (stream != null) {
      stream.endOnItsLoop();
    }
  }

  @Override
  public void message(String channel, String member) {
    end(member);
  }

  /** The streams' heartbeats find what was missed. */
  @Override
  public void lost() {}
}
