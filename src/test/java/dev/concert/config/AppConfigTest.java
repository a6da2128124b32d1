package dev.concert.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AppConfigTest {

  @Test
  void defaultsFollowApiMd() {
    AppConfig config = Env.config(Map.of());
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.pgUri()).isEqualTo("postgresql://postgres@127.0.0.1:5432/concert");
    assertThat(config.redisUri()).isEqualTo("redis://127.0.0.1:6379/0");
    assertThat(config.kafkaBootstrap()).isEqualTo("127.0.0.1:9092");
    assertThat(config.holdSeconds()).isEqualTo(300);
    assertThat(config.queueAdmitPerSecond()).isEqualTo(100);
    assertThat(config.queueMaxActive()).isEqualTo(1000);
    assertThat(config.queueActiveSeconds()).isEqualTo(600);
    assertThat(config.devMode()).isFalse();
    assertThat(config.httpHost()).isEqualTo("0.0.0.0");
    assertThat(config.cluster()).isFalse();
    assertThat(config.demoData()).isTrue();
    assertThat(config.seatsPerSchedule()).isEqualTo(50);
  }

  @Test
  void readsEveryVariable() {
    AppConfig config = Env.config(Map.of(
        "CONCERT_HTTP_PORT", "9000",
        "CONCERT_HOLD_SECONDS", "2",
        "CONCERT_QUEUE_ADMIT_PER_SECOND", "5",
        "CONCERT_QUEUE_MAX_ACTIVE", "3",
        "CONCERT_QUEUE_ACTIVE_SECONDS", "7",
        "CONCERT_TOKEN_SECRET", "a-long-enough-secret",
        "CONCERT_ADMIN_KEY", "key",
        "CONCERT_CLUSTER", "true",
        "CONCERT_DEMO_DATA", "false"));
    assertThat(config.httpPort()).isEqualTo(9000);
    assertThat(config.holdSeconds()).isEqualTo(2);
    assertThat(config.queueAdmitPerSecond()).isEqualTo(5);
    assertThat(config.queueMaxActive()).isEqualTo(3);
    assertThat(config.queueActiveSeconds()).isEqualTo(7);
    assertThat(config.tokenSecret()).isEqualTo("a-long-enough-secret");
    assertThat(config.devTokenSecret()).isFalse();
    assertThat(config.adminKey()).contains("key");
    assertThat(config.cluster()).isTrue();
    assertThat(config.demoData()).isFalse();
  }

  @Test
  void withoutDevelopmentModeTheServiceRefusesToStartWithoutItsSecrets() {
    assertThatThrownBy(() -> AppConfig.from(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CONCERT_TOKEN_SECRET is not set")
        .hasMessageContaining("CONCERT_ADMIN_KEY is not set")
        .hasMessageContaining("CONCERT_DEV_MODE=true");
    assertThatThrownBy(() -> AppConfig.from(Map.of("CONCERT_ADMIN_KEY", "key", "CONCERT_DEV_MODE", "false")))
        .hasMessageContaining("CONCERT_TOKEN_SECRET is not set")
        .hasMessageNotContaining("CONCERT_ADMIN_KEY");
    assertThatThrownBy(() -> AppConfig.from(Map.of("CONCERT_TOKEN_SECRET", Env.SECRET)))
        .hasMessageContaining("CONCERT_ADMIN_KEY is not set")
        .hasMessageNotContaining("CONCERT_TOKEN_SECRET");
  }

  @Test
  void developmentModeMayUseTheDevelopmentSecretAndListensOnLoopbackOnly() {
    AppConfig dev = AppConfig.from(Map.of("CONCERT_DEV_MODE", "true"));
    assertThat(dev.devMode()).isTrue();
    assertThat(dev.devTokenSecret()).isTrue();
    assertThat(dev.tokenSecret()).isEqualTo(Secrets.DEV_TOKEN_SECRET);
    assertThat(dev.adminKey()).isEmpty();
    assertThat(dev.httpHost()).isEqualTo("127.0.0.1");
    // Secrets given in development mode are used; a short one is refused there too.
    AppConfig devWithSecrets = Env.config(Map.of("CONCERT_DEV_MODE", "true"));
    assertThat(devWithSecrets.tokenSecret()).isEqualTo(Env.SECRET);
    assertThat(devWithSecrets.httpHost()).isEqualTo("127.0.0.1");
    assertThatThrownBy(() -> AppConfig.from(Map.of("CONCERT_DEV_MODE", "true", "CONCERT_TOKEN_SECRET", "short")))
        .hasMessageContaining("CONCERT_TOKEN_SECRET must be at least 16 characters");
    assertThatThrownBy(() -> AppConfig.from(Map.of("CONCERT_DEV_MODE", "maybe")))
        .hasMessageContaining("CONCERT_DEV_MODE must be true or false");
  }

  @Test
  void configErrorsAndTheConfigurationsTextMaskPasswords() {
    assertThatThrownBy(() -> Env.config(Map.of(
        "CONCERT_PG_URI", "mysql://app:pg-s3cret@db/concert",
        "CONCERT_REDIS_URI", "http://:redis-s3cret@cache:6379/0",
        "CONCERT_AUTH_JWKS_URI", "ftp://id:jwks-s3cret@id.example/keys",
        "CONCERT_AUTH_ISSUER", "i", "CONCERT_AUTH_AUDIENCE", "a")))
        .hasMessageContaining("got 'mysql://app:***@db/concert'")
        .hasMessageContaining("got 'http://:***@cache:6379/0'")
        .hasMessageContaining("got 'ftp://id:***@id.example/keys'")
        .hasMessageNotContaining("s3cret");
    // Valid as a URI, not as a Postgres one (the client's own message would quote it whole).
    assertThatThrownBy(() -> Env.config(Map.of("CONCERT_PG_URI", "postgresql://app:pg-s3cret@db:99999/concert")))
        .hasMessageContaining("CONCERT_PG_URI is not a Postgres connection URI: 'postgresql://app:***@db:99999/concert'")
        .hasMessageNotContaining("s3cret");
    // Not a URI at all (java.net.URI's own message would quote it whole).
    assertThatThrownBy(() -> Env.config(Map.of("CONCERT_PG_URI", "postgresql://app:pg-s3cret@db/con cert")))
        .hasMessageContaining("CONCERT_PG_URI is not a valid URI")
        .hasMessageNotContaining("s3cret");

    AppConfig config = Env.config(Map.of("CONCERT_PG_URI", "postgresql://app:pg-s3cret@db/concert",
        "CONCERT_REDIS_URI", "redis://:redis-s3cret@cache:6379/0"));
    assertThat(config.toString()).contains("postgresql://app:***@db/concert", "redis://:***@cache:6379/0")
        .doesNotContain("s3cret", Env.SECRET, Env.ADMIN_KEY);
  }

  @Test
  void reportsEveryBadValueAtOnce() {
    assertThatThrownBy(() -> Env.config(Map.of(
        "CONCERT_HTTP_PORT", "eighty",
        "CONCERT_HOLD_SECONDS", "0",
        "CONCERT_CLUSTER", "maybe",
        "CONCERT_PG_URI", "mysql://x",
        "CONCERT_TOKEN_SECRET", "short")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CONCERT_HTTP_PORT must be a whole number")
        .hasMessageContaining("CONCERT_HOLD_SECONDS must be between 1 and")
        .hasMessageContaining("CONCERT_CLUSTER must be true or false")
        .hasMessageContaining("CONCERT_PG_URI must be a URI with scheme postgresql")
        .hasMessageContaining("CONCERT_TOKEN_SECRET must be at least 16 characters");
  }

  @Test
  void redisClusterNodesSwitchToClusterMode() {
    assertThat(Env.config(Map.of()).redisCluster()).isFalse();
    AppConfig config = Env.config(Map.of("CONCERT_REDIS_CLUSTER_NODES", "10.0.0.1:7001, redis-b:7002"));
    assertThat(config.redisCluster()).isTrue();
    assertThat(config.redisClusterNodes()).containsExactly("10.0.0.1:7001", "redis-b:7002");
    assertThatThrownBy(() -> Env.config(Map.of("CONCERT_REDIS_CLUSTER_NODES", "10.0.0.1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CONCERT_REDIS_CLUSTER_NODES");
  }

  @Test
  void clusterSettings() {
    AppConfig defaults = Env.config(Map.of());
    assertThat(defaults.clusterName()).isEqualTo("concert");
    assertThat(defaults.shutdownGraceMillis()).isEqualTo(10_000);
    assertThat(defaults.clusterMembers()).containsExactly("127.0.0.1");
    AppConfig config = Env.config(Map.of(
        "CONCERT_CLUSTER_NAME", "prod",
        "CONCERT_SHUTDOWN_GRACE_MS", "2500",
        "CONCERT_CLUSTER_MEMBERS", "app1, app2:5702,10.0.0.3"));
    assertThat(config.clusterName()).isEqualTo("prod");
    assertThat(config.shutdownGraceMillis()).isEqualTo(2500);
    assertThat(config.clusterMembers()).containsExactly("app1", "app2:5702", "10.0.0.3");
    assertThatThrownBy(() -> Env.config(Map.of(
        "CONCERT_CLUSTER_MEMBERS", "127.0.0.1:5701-5703",
        "CONCERT_SHUTDOWN_GRACE_MS", "-1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CONCERT_CLUSTER_MEMBERS must list host or host:port")
        .hasMessageContaining("CONCERT_SHUTDOWN_GRACE_MS must be between 0 and");
  }

  @Test
  void outboxSettingsHaveDefaultsAndLimits() {
    AppConfig defaults = Env.config(Map.of());
    assertThat(defaults.outboxIntervalMillis()).isEqualTo(200);
    assertThat(defaults.outboxRetentionHours()).isEqualTo(24);
    assertThat(defaults.outboxMaxBackoffMillis()).isEqualTo(5000);
    assertThat(defaults.reservationTopic()).isEqualTo("reservation-events");
    assertThat(defaults.paymentTopic()).isEqualTo("payment-events");
    assertThat(defaults.salesConsumerGroup()).isEqualTo("concert-sales");
    AppConfig set = Env.config(Map.of(
        "CONCERT_OUTBOX_RETENTION_HOURS", "48",
        "CONCERT_OUTBOX_MAX_BACKOFF_MS", "1000",
        "CONCERT_SALES_CONSUMER_GROUP", "sales-b"));
    assertThat(set.outboxRetentionHours()).isEqualTo(48);
    assertThat(set.outboxMaxBackoffMillis()).isEqualTo(1000);
    assertThat(set.salesConsumerGroup()).isEqualTo("sales-b");
    assertThatThrownBy(() -> Env.config(Map.of("CONCERT_OUTBOX_RETENTION_HOURS", "0")))
        .hasMessageContaining("CONCERT_OUTBOX_RETENTION_HOURS must be between 1 and");
  }

  @Test
  void blankValuesMeanDefault() {
    assertThat(Env.config(Map.of("CONCERT_HTTP_PORT", "  ")).httpPort()).isEqualTo(8080);
  }

  @Test
  void metricsAreOnByDefaultAndCanBeTurnedOff() {
    assertThat(Env.config(Map.of()).metrics()).isTrue();
    assertThat(Env.config(Map.of("CONCERT_METRICS", "false")).metrics()).isFalse();
    assertThatThrownBy(() -> Env.config(Map.of("CONCERT_METRICS", "sometimes")))
        .hasMessageContaining("CONCERT_METRICS");
    assertThat(Env.config(Map.of()).eventBusMetrics()).isTrue();
    assertThat(Env.config(Map.of("CONCERT_METRICS_EVENT_BUS", "false")).eventBusMetrics()).isFalse();
  }

  @Test
  void rolesDefaultToAllAndNameTheVerticles() {
    assertThat(Env.config(Map.of()).roles()).containsExactlyInAnyOrder(Role.values());
    assertThat(Env.config(Map.of("CONCERT_ROLES", " http , payment")).roles()).containsExactlyInAnyOrder(Role.HTTP, Role.PAYMENT);
    assertThat(Env.config(Map.of("CONCERT_ROLES", "queue,concert,reservation,payment,relay,sales")).runs(Role.HTTP)).isFalse();
    assertThatThrownBy(() -> Env.config(Map.of("CONCERT_ROLES", "http,billing")))
        .hasMessageContaining("CONCERT_ROLES").hasMessageContaining("'billing'");
    assertThatThrownBy(() -> Env.config(Map.of("CONCERT_ROLES", ",")))
        .hasMessageContaining("at least one role");
  }
}
