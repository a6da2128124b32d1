package dev.concert.config;

import io.vertx.pgclient.PgConnectOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole configuration, read once from environment variables (names fixed by the contract, docs/configuration.md).
 * Durations are in seconds unless the name says otherwise; tests shorten them.
 */
public record AppConfig(
    int httpPort,
    String pgUri,
    int pgPoolSize,
    String redisUri,
    int redisPoolSize,
    List<String> redisClusterNodes,
    String kafkaBootstrap,
    int holdSeconds,
    int queueAdmitPerSecond,
    int queueMaxActive,
    int queueActiveSeconds,
    String tokenSecret,
    boolean devTokenSecret,
    Optional<String> adminKey,
    boolean devMode,
    boolean cluster,
    List<String> clusterMembers,
    String clusterHost,
    int clusterPort,
    boolean demoData,
    int seatsPerSchedule,
    int sweepIntervalMillis,
    int admitIntervalMillis,
    int outboxIntervalMillis,
    String reservationTopic,
    String paymentTopic,
    boolean metrics,
    String logFormat,
    int bodyLimitBytes,
    int httpInstances,
    String clusterName,
    int shutdownGraceMillis,
    int outboxRetentionHours,
    int outboxMaxBackoffMillis,
    String salesConsumerGroup,
    boolean eventBusMetrics,
    int refundCutoffHours,
    int auditIntervalSeconds,
    int auditTimeLimitMillis,
    BuyerConfig buyers,
    TokenAccountConfig tokenAccount,
    Deadlines deadlines,
    StreamConfig streams,
    int managementPort,
    int queueAbandonSeconds,
    Set<Role> roles) {

  private static final Logger LOG = LoggerFactory.getLogger(AppConfig.class);

  public static AppConfig fromEnvironment() {
    return from(System.getenv());
  }

  public static AppConfig from(Map<String, String> env) {
    EnvReader r = new EnvReader(env);
    Secrets secrets = Secrets.read(r);
    int cores = Runtime.getRuntime().availableProcessors();
    AppConfig config = new AppConfig(
        r.integer("CONCERT_HTTP_PORT", 8080, 0, 65535),
        r.uri("CONCERT_PG_URI", "postgresql://postgres@127.0.0.1:5432/concert", "postgresql", "postgres"),
        r.integer("CONCERT_PG_POOL_SIZE", 16, 1, 200),
        r.uri("CONCERT_REDIS_URI", "redis://127.0.0.1:6379/0", "redis", "rediss"),
        r.integer("CONCERT_REDIS_POOL_SIZE", 16, 1, 256),
        r.optional("CONCERT_REDIS_CLUSTER_NODES").map(nodes -> List.of(nodes.split("\\s*,\\s*"))).orElse(List.of()),
        r.string("CONCERT_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
        r.integer("CONCERT_HOLD_SECONDS", 300, 1, 86_400),
        r.integer("CONCERT_QUEUE_ADMIT_PER_SECOND", 100, 1, 1_000_000),
        r.integer("CONCERT_QUEUE_MAX_ACTIVE", 1000, 1, 10_000_000),
        r.integer("CONCERT_QUEUE_ACTIVE_SECONDS", 600, 1, 86_400),
        secrets.tokenSecret(),
        secrets.developmentTokenSecret(),
        secrets.adminKey(),
        secrets.devMode(),
        r.bool("CONCERT_CLUSTER", false),
        List.of(r.string("CONCERT_CLUSTER_MEMBERS", "127.0.0.1").split("\\s*,\\s*")),
        r.string("CONCERT_CLUSTER_HOST", "127.0.0.1"),
        r.integer("CONCERT_CLUSTER_PORT", 5701, 1, 65535),
        r.bool("CONCERT_DEMO_DATA", true),
        r.integer("CONCERT_DEMO_SEATS", 50, 1, 1000),
        r.integer("CONCERT_SWEEP_INTERVAL_MS", 500, 10, 60_000),
        r.integer("CONCERT_QUEUE_ADMIT_INTERVAL_MS", 1000, 10, 60_000),
        r.integer("CONCERT_OUTBOX_INTERVAL_MS", 200, 10, 60_000),
        r.string("CONCERT_TOPIC_RESERVATIONS", "reservation-events"),
        r.string("CONCERT_TOPIC_PAYMENTS", "payment-events"),
        r.bool("CONCERT_METRICS", true),
        r.oneOf("CONCERT_LOG_FORMAT", "text", "text", "json"),
        r.integer("CONCERT_HTTP_BODY_LIMIT", 16 * 1024, 256, 10 * 1024 * 1024),
        r.integer("CONCERT_HTTP_INSTANCES", cores, 1, 64),
        r.string("CONCERT_CLUSTER_NAME", "concert"),
        r.integer("CONCERT_SHUTDOWN_GRACE_MS", 10_000, 0, 300_000),
        r.integer("CONCERT_OUTBOX_RETENTION_HOURS", 24, 1, 24 * 365),
        r.integer("CONCERT_OUTBOX_MAX_BACKOFF_MS", 5000, 10, 600_000),
        r.string("CONCERT_SALES_CONSUMER_GROUP", "concert-sales"),
        r.bool("CONCERT_METRICS_EVENT_BUS", true),
        r.integer("CONCERT_REFUND_CUTOFF_HOURS", 24, 0, 24 * 365),
        r.integer("CONCERT_AUDIT_INTERVAL_SECONDS", 300, 0, 86_400),
        r.integer("CONCERT_AUDIT_TIME_LIMIT_MS", 60_000, 100, 3_600_000),
        BuyerConfig.from(r),
        TokenAccountConfig.read(r),
        Deadlines.read(r),
        StreamConfig.from(r),
        r.optional("CONCERT_MANAGEMENT_PORT").isPresent() ? r.integer("CONCERT_MANAGEMENT_PORT", 0, 1, 65535) : 0,
        r.integer("CONCERT_QUEUE_ABANDON_SECONDS", 120, 1, 86_400),
        Role.parse(r.optional("CONCERT_ROLES").orElse(""), r::problem));
    checkPgUri(r, config.pgUri());
    checkClusterMembers(r, config.clusterMembers());
    checkRedisClusterNodes(r, config.redisClusterNodes());
    r.failOnProblems();
    return config;
  }

  /**
   * The Postgres client's own parse, at start and not at the first connection: its error message
   * quotes the whole URI, password included, so it is replaced by one that masks it.
   */
  private static void checkPgUri(EnvReader r, String uri) {
    if (!uri.matches("postgres(ql)?://.*")) {
      return; // reported by the scheme check already
    }
    try {
      PgConnectOptions.fromUri(uri);
    } catch (IllegalArgumentException e) {
      r.problem("CONCERT_PG_URI is not a Postgres connection URI: '" + MaskedUri.of(uri) + "'");
    }
  }

  /** Hazelcast TCP/IP members: {@code host} or {@code host:port}; it cannot parse port ranges. */
  private static void checkClusterMembers(EnvReader r, List<String> members) {
    for (String member : members) {
      if (!member.matches("[A-Za-z0-9._\\-]+(:\\d{1,5})?")) {
        r.problem("CONCERT_CLUSTER_MEMBERS must list host or host:port entries separated by commas, got '" + member + "'");
      }
    }
  }

  /** Redis Cluster seed nodes: {@code host:port} each (the client learns the rest from them). */
  private static void checkRedisClusterNodes(EnvReader r, List<String> nodes) {
    for (String node : nodes) {
      if (!node.matches("[A-Za-z0-9._\\-]+:\\d{1,5}")) {
        r.problem("CONCERT_REDIS_CLUSTER_NODES must list host:port entries separated by commas, got '" + node + "'");
      }
    }
  }

  /** Whether Redis is a Redis Cluster (CONCERT_REDIS_CLUSTER_NODES set) rather than one server. */
  public boolean redisCluster() {
    return !redisClusterNodes.isEmpty();
  }

  /** Whether this instance runs {@code role}. */
  public boolean runs(Role role) {
    return roles.contains(role);
  }

  /** The address the HTTP servers listen on: loopback only in development mode. */
  public String httpHost() {
    return devMode ? "127.0.0.1" : "0.0.0.0";
  }

  /** Logs what deserves an operator's attention, once at start (URIs with their passwords masked). */
  public void warnAboutDevelopmentDefaults() {
    LOG.info("Postgres {}, Redis {}, Kafka {}", MaskedUri.of(pgUri),
        redisCluster() ? "Cluster " + String.join(",", redisClusterNodes) : MaskedUri.of(redisUri), kafkaBootstrap);
    if (devMode) {
      LOG.warn("CONCERT_DEV_MODE=true: development mode, listening on 127.0.0.1 only. Never use it in production.");
    }
    if (devTokenSecret) {
      LOG.warn("CONCERT_TOKEN_SECRET is not set: signing queue tokens with the development secret. Set it in production, the same on every instance.");
    }
    if (!buyers.verifiedIdentity()) {
      LOG.warn("CONCERT_AUTH_JWT_PUBLIC_KEY / CONCERT_AUTH_JWKS_URI are not set: queue tokens are issued to whatever userId a client sends (development only). Set an identity provider in production.");
    }
    if (adminKey.isEmpty()) {
      LOG.info("CONCERT_ADMIN_KEY is not set: the administration API is off.");
    }
  }

  /** Without the secrets, and with passwords masked: a record's own toString would print them all. */
  @Override
  public String toString() {
    return "AppConfig[httpPort=" + httpPort + ", pgUri=" + MaskedUri.of(pgUri) + ", redisUri=" + MaskedUri.of(redisUri)
        + ", redisClusterNodes=" + redisClusterNodes + ", kafkaBootstrap=" + kafkaBootstrap
        + ", devMode=" + devMode + ", roles=" + roles + ", tokenSecret=***, adminKey=" + (adminKey.isPresent() ? "***" : "unset") + "]";
  }
}
