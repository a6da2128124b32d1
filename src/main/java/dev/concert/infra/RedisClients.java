package dev.concert.infra;

import dev.concert.config.AppConfig;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;

/**
 * Redis client settings that hold up under load: the defaults (6 connections, 24 waiting) do not.
 * With {@code CONCERT_REDIS_CLUSTER_NODES} the client speaks Redis Cluster: it learns the slot map
 * from those seed nodes and sends each command to the master of its key's slot. Every command and
 * script of the service names keys of one hash tag only, so each one lands on a single master.
 */
public final class RedisClients {
  private RedisClients() {}

  public static Redis create(Vertx vertx, AppConfig config) {
    RedisOptions options = new RedisOptions();
    if (config.redisCluster()) {
      options.setType(RedisClientType.CLUSTER)
          // Masters only: a replica may lag, and every read here must see the last write.
          .setUseReplicas(RedisReplicas.NEVER);
      config.redisClusterNodes().forEach(node -> options.addConnectionString("redis://" + node));
    } else {
      options.setConnectionString(config.redisUri());
    }
    options
        .setMaxPoolSize(config.redisPoolSize())
        .setMaxPoolWaiting(20_000)
        .setMaxWaitingHandlers(20_000)
        .setPoolRecycleTimeout(15_000)
        // A fixed name: the default is a random UUID, a new metrics label value per client.
        .setPoolName("concert-redis");
    return Redis.createClient(vertx, options);
  }

  /** A dedicated, pipelined connection for one verticle instance's hot paths (see {@link PipelinedRedis}), every command with a deadline. */
  public static Redis pipelined(Vertx vertx, AppConfig config) {
    return new TimedRedis(new PipelinedRedis(create(vertx, config)), config.deadlines().redisMillis());
  }
}
