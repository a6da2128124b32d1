package dev.concert.infra;

import dev.concert.config.AppConfig;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/** Redis client settings that hold up under load: the defaults (6 connections, 24 waiting) do not. */
public final class RedisClients {
  private RedisClients() {}

  public static Redis create(Vertx vertx, AppConfig config) {
    RedisOptions options = new RedisOptions()
        .setConnectionString(config.redisUri())
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
