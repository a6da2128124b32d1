package dev.concert.support;

import com.redis.testcontainers.RedisContainer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Where the integration tests find real Postgres, Redis and Kafka: Testcontainers where a Docker
 * engine exists, otherwise the local services of {@code scripts/services.sh up}. Never a mock, and
 * never a silent skip: with neither, the tests fail and say what to run.
 *
 * <p>Failsafe runs the integration tests in parallel JVMs; each (its number in the system property
 * {@code concert.test.fork}, 1 when absent) gets its own database {@code concert_test_N} and its
 * own Redis server on port {@code 6400 + N} ({@code CONCERT_TEST_FORK_REDIS_BASE} moves the 6400),
 * not only its own Redis database: pub/sub channels are server-wide, and the service publishes seat
 * changes and line moves on channels named by schedule and room, which would cross between forks.
 * {@code CONCERT_TEST_PG_URI} names fork 1's database (fork N's is that name with {@code _N});
 * {@code CONCERT_TEST_REDIS_URI} names one Redis server for a run in one fork.
 */
public final class TestServices {
  public record Endpoints(String pgUri, String redisUri, String kafkaBootstrap, boolean containers) {}

  private static Endpoints endpoints;
  /** Set by the Redis Cluster variants of test classes for their duration (test classes run one at a time). */
  private static volatile boolean onRedisCluster;

  private TestServices() {}

  /**
   * The local Redis Cluster's seed nodes ({@code CONCERT_TEST_REDIS_CLUSTER_NODES}, by default the
   * three masters {@code scripts/services.sh up} starts on 7001-7003), checked to answer.
   */
  public static String redisClusterNodes() {
    String nodes = env("CONCERT_TEST_REDIS_CLUSTER_NODES", "127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003");
    for (String node : nodes.split(",")) {
      String[] hostPort = node.trim().split(":");
      requireReachable("Redis Cluster node", hostPort[0], Integer.parseInt(hostPort[1]));
    }
    return nodes;
  }

  /** While on, every {@code TestApp} started uses the Redis Cluster instead of the single Redis. */
  public static void useRedisCluster(boolean on) {
    onRedisCluster = on;
  }

  public static boolean onRedisCluster() {
    return onRedisCluster;
  }

  public static synchronized Endpoints get() {
    if (endpoints == null) {
      endpoints = dockerAvailable() ? containers() : local();
    }
    return endpoints;
  }

  /** The Kafka bootstrap servers, checked to answer (only Kafka tests need the broker). */
  public static String kafkaBootstrap() {
    Endpoints e = get();
    if (!e.containers()) {
      String[] hostPort = e.kafkaBootstrap().split(",")[0].split(":");
      requireReachable("Kafka", hostPort[0], Integer.parseInt(hostPort[1]));
    }
    return e.kafkaBootstrap();
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      return false;
    }
  }

  @SuppressWarnings("resource")
  private static Endpoints containers() {
    PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:16-alpine")
        .withDatabaseName("concert_test").withUsername("postgres").withPassword("postgres");
    RedisContainer redis = new RedisContainer(RedisContainer.DEFAULT_IMAGE_NAME.withTag("7.2"));
    KafkaContainer kafka = new KafkaContainer("apache/kafka:4.0.0");
    postgres.start();
    redis.start();
    kafka.start();
    String pg = "postgresql://postgres:postgres@" + postgres.getHost() + ":" + postgres.getMappedPort(5432) + "/concert_test";
    return new Endpoints(pg, redis.getRedisURI() + "/1", kafka.getBootstrapServers(), true);
  }

  /** This JVM's number among the parallel test JVMs, from 1. */
  public static int fork() {
    String fork = System.getProperty("concert.test.fork", "");
    return fork.isBlank() ? 1 : Integer.parseInt(fork.trim());
  }

  private static Endpoints local() {
    int fork = fork();
    String pgOverride = env("CONCERT_TEST_PG_URI", "");
    String pg = pgOverride.isEmpty() ? "postgresql://postgres@127.0.0.1:5432/concert_test_" + fork
        : fork == 1 ? pgOverride : pgOverride + "_" + fork;
    String redis = env("CONCERT_TEST_REDIS_URI", "");
    if (redis.isEmpty()) {
      redis = "redis://127.0.0.1:" + (Integer.parseInt(env("CONCERT_TEST_FORK_REDIS_BASE", "6400")) + fork) + "/1";
    } else if (fork > 1) {
      throw new IllegalStateException("CONCERT_TEST_REDIS_URI names one Redis server, but this is test fork " + fork
          + ": run the integration tests in one fork (-Dit.forkCount=1), or unset it so each fork uses its own server");
    }
    String kafka = env("CONCERT_TEST_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    URI pgUri = URI.create(pg);
    URI redisUri = URI.create(redis);
    requireReachable("Postgres", pgUri.getHost(), pgUri.getPort() < 0 ? 5432 : pgUri.getPort());
    requireReachable("Redis", redisUri.getHost(), redisUri.getPort() < 0 ? 6379 : redisUri.getPort());
    createDatabaseIfMissing(pgUri);
    return new Endpoints(pg, redis, kafka, false);
  }

  private static void requireReachable(String name, String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 2_000);
    } catch (IOException e) {
      throw new IllegalStateException(name + " does not answer at " + host + ":" + port
          + " and there is no Docker engine for Testcontainers: run scripts/services.sh up", e);
    }
  }

  private static void createDatabaseIfMissing(URI pg) {
    String database = pg.getPath().substring(1);
    String admin = "jdbc:postgresql://" + pg.getHost() + ":" + (pg.getPort() < 0 ? 5432 : pg.getPort()) + "/postgres";
    String user = pg.getUserInfo() == null ? "postgres" : pg.getUserInfo().split(":")[0];
    try (Connection c = DriverManager.getConnection(admin, user, null);
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database.replace("'", "") + "'")) {
      if (!rs.next()) {
        s.execute("CREATE DATABASE \"" + database.replace("\"", "") + "\"");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare test database " + database + ": " + e.getMessage(), e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
