package dev.concert.infra;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis pub/sub connection of this instance, subscribed to one channel pattern, resubscribing
 * after a loss. Messages and losses are handed over on the subscription's own context.
 *
 * <p>Redis Cluster: a script's PUBLISH reaches every node's subscribers (classic pub/sub is
 * broadcast over the cluster bus), so it subscribes on one node, the first listed, and takes the
 * next one each time it has to resubscribe.
 */
public final class RedisSubscription {
  private static final Logger LOG = LoggerFactory.getLogger(RedisSubscription.class);
  private static final long RECONNECT_MILLIS = 1_000;

  /** What a subscriber gets; called on the subscription's context. */
  public interface Handler {
    void message(String channel, String message);

    /** The subscription broke: messages may have been missed until it is back. */
    void lost();
  }

  private final Vertx vertx;
  private final String pattern;
  private final Handler handler;
  /** One client per server (one server unless a cluster), for the life of the instance. */
  private final List<Redis> clients;
  private final List<String> servers;
  private int attempt;
  /** The subscription's server and its connection's CLIENT ID there (for tests that break it). */
  private volatile String server;
  private volatile long clientId;
  private volatile boolean subscribed;
  private volatile boolean closed;
  private RedisConnection connection;
  private Context context;

  private RedisSubscription(Vertx vertx, List<String> servers, String name, String pattern, Handler handler) {
    this.vertx = vertx;
    this.servers = servers;
    this.pattern = pattern;
    this.handler = handler;
    this.clients = servers.stream().map(server -> Redis.createClient(vertx, new RedisOptions()
        .setConnectionString(server)
        // A fixed name: the default is a random UUID, a new metrics label value per client.
        .setPoolName("concert-redis-" + name).setMaxPoolSize(2))).toList();
  }

  /**
   * Subscribes to {@code pattern} on a context of its own; the future completes once the
   * subscription is in place. {@code name} names its connection pool.
   */
  public static Future<RedisSubscription> start(Vertx vertx, AppConfig config, String name, String pattern,
      Handler handler) {
    List<String> servers = config.redisCluster()
        ? config.redisClusterNodes().stream().map(node -> "redis://" + node).toList()
        : List.of(config.redisUri());
    RedisSubscription subscription = new RedisSubscription(vertx, servers, name, pattern, handler);
    Context context = vertx.getOrCreateContext();
    subscription.context = context;
    return Future.<Void>future(promise -> context.runOnContext(v -> subscription.subscribe().onComplete(promise)))
        .map(subscription);
  }

  /** The context messages and losses are handed over on. */
  public Context context() {
    return context;
  }

  /** The server of the subscription ({@code redis://host:port...}) and its connection's id there. */
  public String server() {
    return server;
  }

  public long clientId() {
    return clientId;
  }

  /** True while the subscription is in place. */
  public boolean subscribed() {
    return subscribed;
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
            return conn.send(Request.cmd(Command.PSUBSCRIBE).arg(pattern));
          })
          .<Void>mapEmpty()
          .onSuccess(ok -> subscribed = true);
    });
  }

  private void onPush(Response push) {
    if (push.size() == 4 && "pmessage".equalsIgnoreCase(push.get(0).toString())) {
      handler.message(push.get(2).toString(), push.get(3).toString());
    }
  }

  private void broken(RedisConnection conn, String why) {
    if (conn != connection || closed) {
      return;
    }
    connection = null;
    subscribed = false;
    LOG.warn("subscription to {} lost ({}); resubscribing", pattern, why);
    handler.lost();
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
}
