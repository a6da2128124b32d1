package dev.concert.support;

import dev.concert.Application;
import dev.concert.config.AppConfig;
import dev.concert.infra.Migrations;
import dev.concert.infra.PgClients;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole service started in-process against the real test services, on a free port, with a
 * clean database and Redis. Blocking helpers are for the test thread only, never an event loop.
 */
public final class TestApp implements AutoCloseable, ServiceClient {
  public static final String ADMIN_KEY = "test-admin-key";
  public static final String TOKEN_SECRET = "test-token-secret-0123456789abcdef";
  /** Names this test run's Kafka topics (tests that read topics use their own, per test). */
  public static final String KAFKA_RUN = java.util.UUID.randomUUID().toString().substring(0, 8);

  private final Application application;
  private final WebClient client;
  private final Pool pool;
  private final Redis redis;

  private TestApp(Application application) {
    this.application = application;
    Vertx vertx = application.vertx();
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(port()).setKeepAlive(true),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(200).setMaxWaitQueueSize(-1));
    this.pool = PgClients.pool(vertx, application.config());
    this.redis = dev.concert.infra.RedisClients.create(vertx, application.config());
  }

  /** Test defaults: demo data off, short intervals, a test secret; {@code overrides} win. */
  public static Map<String, String> environment(Map<String, String> overrides) {
    TestServices.Endpoints services = TestServices.get();
    Map<String, String> env = new HashMap<>();
    env.put("CONCERT_HTTP_PORT", Integer.toString(Ports.free()));
    env.put("CONCERT_PG_URI", services.pgUri());
    env.put("CONCERT_REDIS_URI", services.redisUri());
    if (TestServices.onRedisCluster()) {
      env.put("CONCERT_REDIS_CLUSTER_NODES", TestServices.redisClusterNodes());
    }
    env.put("CONCERT_KAFKA_BOOTSTRAP", services.kafkaBootstrap());
    env.put("CONCERT_TOKEN_SECRET", TOKEN_SECRET);
    env.put("CONCERT_ADMIN_KEY", ADMIN_KEY);
    env.put("CONCERT_DEMO_DATA", "false");
    env.put("CONCERT_HTTP_INSTANCES", "2");
    env.put("CONCERT_SWEEP_INTERVAL_MS", "100");
    env.put("CONCERT_QUEUE_ADMIT_INTERVAL_MS", "100");
    env.put("CONCERT_OUTBOX_INTERVAL_MS", "100");
    // Admit at once by default: most tests need ACTIVE users, not a queue (queue tests override).
    env.put("CONCERT_QUEUE_ADMIT_PER_SECOND", "100000");
    env.put("CONCERT_QUEUE_MAX_ACTIVE", "100000");
    // Rate limits off: tests issue many tokens from one address, hold fast and charge often as one
    // user (the rate-limit tests turn them on). The per-buyer seat limit stays at its default.
    env.put("CONCERT_RATE_TOKENS_PER_MINUTE", "0");
    env.put("CONCERT_RATE_HOLDS_PER_SECOND", "0");
    env.put("CONCERT_RATE_CHARGES_PER_MINUTE", "0");
    // Kafka is shared by every test run on the machine: this run's own topics, this start's own group.
    env.put("CONCERT_TOPIC_RESERVATIONS", "test-reservation-events-" + KAFKA_RUN);
    env.put("CONCERT_TOPIC_PAYMENTS", "test-payment-events-" + KAFKA_RUN);
    env.put("CONCERT_SALES_CONSUMER_GROUP", "test-sales-" + java.util.UUID.randomUUID());
    env.putAll(overrides);
    return env;
  }

  /** Resets Postgres and Redis, then starts the service. */
  public static TestApp start(Map<String, String> overrides) {
    AppConfig config = AppConfig.from(environment(overrides));
    reset(config);
    Vertx vertx = dev.concert.metrics.MetricsSetup.vertx(config);
    return new TestApp(await(Application.start(vertx, config)));
  }

  /** Starts the service on existing data (e.g. a restart after closing an instance). */
  public static TestApp resume(AppConfig config) {
    return new TestApp(await(Application.start(dev.concert.metrics.MetricsSetup.vertx(config), config)));
  }

  public static TestApp start() {
    return start(Map.of());
  }

  /** Migrates, empties every table, and flushes the test Redis database (on a cluster: every master's). */
  public static void reset(AppConfig config) {
    Migrations.apply(PgClients.connectOptions(config));
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = PgClients.pool(vertx, config);
      Redis redis = dev.concert.infra.RedisClients.create(vertx, config);
      await(pool.query("SELECT string_agg(quote_ident(tablename), ', ') AS tables FROM pg_tables "
              + "WHERE schemaname = 'public' AND tablename <> 'flyway_schema_history'").execute()
          .compose(rows -> pool.query("TRUNCATE " + rows.iterator().next().getString("tables")
              + " RESTART IDENTITY CASCADE").execute())
          .compose(truncated -> redis.send(Request.cmd(Command.FLUSHDB)))
          .eventually(pool::close));
    } finally {
      await(vertx.close());
    }
  }

  public Vertx vertx() {
    return application.vertx();
  }

  public Application application() {
    return application;
  }

  public AppConfig config() {
    return application.config();
  }

  public int port() {
    return application.config().httpPort();
  }

  public Pool pool() {
    return pool;
  }

  public Redis redis() {
    return redis;
  }

  @Override
  public WebClient client() {
    return client;
  }

  /** Creates a concert through the admin API; returns its JSON (concertId, schedules...). */
  public JsonObject createConcert(String title, int seats, long price, Duration startsIn, int dates) {
    io.vertx.core.json.JsonArray schedules = new io.vertx.core.json.JsonArray();
    for (int i = 0; i < dates; i++) {
      schedules.add(new JsonObject()
          .put("startsAt", java.time.Instant.now().plus(startsIn).plus(Duration.ofDays(i))
              .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
          .put("seatCount", seats).put("price", price));
    }
    HttpResponse<Buffer> response = await(client.post("/api/v1/admin/concerts")
        .putHeader("Admin-Key", ADMIN_KEY)
        .sendJsonObject(new JsonObject().put("title", title).put("schedules", schedules)));
    if (response.statusCode() != 201) {
      throw new IllegalStateException("creating a concert failed: " + response.statusCode() + " " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  /** Joins the queue as {@code userId}; the 200/201 response body. */
  public JsonObject issueToken(java.util.UUID userId) {
    HttpResponse<Buffer> response = callAndWait(HttpMethod.POST, "/api/v1/queue/tokens", null,
        new JsonObject().put("userId", userId.toString()));
    if (response.statusCode() != 201 && response.statusCode() != 200) {
      throw new IllegalStateException("issuing a token failed: " + response.statusCode() + " " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  /** The token's current state (GET current). */
  public JsonObject currentToken(String token) {
    return callAndWait(HttpMethod.GET, "/api/v1/queue/tokens/current", token, null).bodyAsJsonObject();
  }

  /** A token of a new user, once ACTIVE (polls until admitted or 30 s pass). */
  public ActiveUser activeUser() {
    return activeUsers(1).get(0);
  }

  /** {@code count} new users, each with an ACTIVE token. */
  public java.util.List<ActiveUser> activeUsers(int count) {
    java.util.List<java.util.UUID> ids = new java.util.ArrayList<>();
    java.util.List<Future<HttpResponse<Buffer>>> issued = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      java.util.UUID userId = java.util.UUID.randomUUID();
      ids.add(userId);
      issued.add(call(HttpMethod.POST, "/api/v1/queue/tokens", null, new JsonObject().put("userId", userId.toString())));
    }
    await(Future.all(issued));
    java.util.List<ActiveUser> users = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      users.add(new ActiveUser(ids.get(i), issued.get(i).result().bodyAsJsonObject().getString("token")));
    }
    awaitCondition(() -> {
      java.util.List<Future<HttpResponse<Buffer>>> polls = new java.util.ArrayList<>();
      users.forEach(u -> polls.add(call(HttpMethod.GET, "/api/v1/queue/tokens/current", u.token(), null)));
      await(Future.all(polls));
      return polls.stream().allMatch(p -> "ACTIVE".equals(p.result().bodyAsJsonObject().getString("status")));
    }, count + " tokens to become ACTIVE");
    return users;
  }

  /** A count (or any single number) from Postgres. */
  public long count(String sql, Object... params) {
    return Sql.count(pool, sql, params);
  }

  public record ActiveUser(java.util.UUID userId, String token) {}

  /** Polls {@code condition} until true or 30 s pass (see {@link Wait}). */
  public static void awaitCondition(java.util.function.BooleanSupplier condition, String what) {
    Wait.until(condition, what);
  }

  public static void awaitCondition(java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> what) {
    Wait.until(condition, what);
  }

  public static <T> T await(Future<T> future) {
    return Wait.result(future);
  }

  @Override
  public void close() {
    await(application.stop());
  }
}
