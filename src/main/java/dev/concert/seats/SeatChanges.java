package dev.concert.seats;

import dev.concert.config.AppConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seat change notices of this instance: ONE Redis subscription (a pattern over every
 * schedule's channel, see the seat scripts) whatever the number of streams, handed on to the
 * listeners of each schedule (one per event loop with streams of that schedule, see
 * {@link SeatStreams}). Cost per notice: one hop per listening loop, not per connection.
 *
 * <p>Redis Cluster: a script's PUBLISH reaches every node's subscribers (classic pub/sub is
 * broadcast over the cluster bus), so this works as it is, at the price of every node carrying
 * every notice. The channel already carries the schedule's hash tag, so the scalable form is
 * SPUBLISH in the scripts and SSUBSCRIBE per schedule with local streams (sharded pub/sub has no
 * patterns).
 */
public final class SeatChanges {
  /** What a script publishes on: the schedule's seat hash name plus this suffix. */
  static final String CHANNEL_SUFFIX = ":changes";
  /** Every schedule's channel (see {@link SeatKeys#seats}). */
  static final String PATTERN = "seats:{schedule:*}" + CHANNEL_SUFFIX;
  private static final Logger LOG = LoggerFactory.getLogger(SeatChanges.class);
  private static final long RECONNECT_MILLIS = 1_000;

  /** Gets the notices of one schedule; called on the subscription's thread, so it hops to its own loop. */
  public interface Listener {
    /** {@code notice}: {@code "<seat><A|H|S> ..."} as the script published it. */
    void notice(String notice);

    /** The subscription broke: changes may have been missed, the streams must start over. */
    void lost();
  }

  private final Vertx vertx;
  /** One client per server (one server unless a cluster), for the life of the instance. */
  private final List<Redis> clients;
  private final List<String> servers;
  private int attempt;
  /** The subscription's server and its connection's CLIENT ID there (for tests that break it). */
  private volatile String server;
  private volatile long clientId;
  private final Map<Long, Set<Listener>> listeners = new ConcurrentHashMap<>();
  private volatile boolean subscribed;
  private volatile boolean closed;
  private RedisConnection connection;
  private Context context;

  private SeatChanges(Vertx vertx, List<String> servers) {
    this.vertx = vertx;
    this.servers = servers;
    this.clients = servers.stream().map(server -> Redis.createClient(vertx, new RedisOptions()
        .setConnectionString(server)
        // A fixed name: the default is a random UUID, a new metrics label value per client.
        .setPoolName("concert-redis-seat-changes").setMaxPoolSize(2))).toList();
  }

  /**
   * Subscribes (on a context of its own); the future completes once the subscription is in place.
   * On a Redis Cluster it subscribes on one node (a PUBLISH reaches every node's subscribers),
   * the first listed, and takes the next one each time it has to resubscribe.
   */
  public static Future<SeatChanges> start(Vertx vertx, AppConfig config) {
    List<String> servers = config.redisCluster()
        ? config.redisClusterNodes().stream().map(node -> "redis://" + node).toList()
        : List.of(config.redisUri());
    SeatChanges changes = new SeatChanges(vertx, servers);
    Context context = vertx.getOrCreateContext();
    changes.context = context;
    return Future.<Void>future(promise -> context.runOnContext(v -> changes.subscribe().onComplete(promise)))
        .map(changes);
  }

  /** The context the notices and losses are handed to listeners on. */
  Context context() {
    return context;
  }

  /** The server of the subscription ({@code redis://host:port...}) and its connection's id there. */
  String server() {
    return server;
  }

  long clientId() {
    return clientId;
  }

  /** True while the subscription is in place: a stream opened without it would miss changes. */
  public boolean subscribed() {
    return subscribed;
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
    closed = true;
    subscribed = false;
    Future<Void> ended = connection == null ? Future.succeededFuture() : connection.close();
    return ended.eventually(() -> {
      clients.forEach(Redis::close);
      return Future.succeededFuture();
    });
  }

  private Future<Void> subscribe() {
    int index = attempt++ % clients.size();
    return clients.get(index).connect().compose(conn -> {
      connection = conn;
      conn.handler(this::onPush);
      conn.exceptionHandler(failure -> broken(conn, failure.toString()));
      conn.endHandler(end -> broken(conn, "connection closed"));
      return conn.send(Request.cmd(Command.CLIENT).arg("ID"))
          .compose(id -> {
            clientId = id.toLong();
            server = servers.get(index);
            return conn.send(Request.cmd(Command.PSUBSCRIBE).arg(PATTERN));
          })
          .<Void>mapEmpty()
          .onSuccess(ok -> subscribed = true);
    });
  }

  private void onPush(Response push) {
    if (push.size() == 4 && "pmessage".equalsIgnoreCase(push.get(0).toString())) {
      String channel = push.get(2).toString();
      Set<Listener> set = listeners.get(scheduleOf(channel));
      if (set != null) {
        String notice = push.get(3).toString();
        set.forEach(listener -> listener.notice(notice));
      }
    }
  }

  private void broken(RedisConnection conn, String why) {
    if (conn != connection || closed) {
      return;
    }
    connection = null;
    subscribed = false;
    LOG.warn("seat change subscription lost ({}); streams start over, resubscribing", why);
    listeners.values().forEach(set -> set.forEach(Listener::lost));
    conn.close();
    retry();
  }

  private void retry() {
    vertx.setTimer(RECONNECT_MILLIS, t -> {
      if (!closed) {
        subscribe().onFailure(failure -> retry());
      }
    });
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
