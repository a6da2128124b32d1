package dev.concert.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.config.AppConfig;
import dev.concert.infra.PgClients;
import dev.concert.support.Sql;
import dev.concert.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pruning against the real Postgres: only what is sent (or processed) and past the retention goes. */
class OutboxPrunerIntegrationTest {
  private Vertx vertx;
  private Pool pool;

  @BeforeEach
  void setUp() {
    AppConfig config = AppConfig.from(TestApp.environment(Map.of()));
    TestApp.reset(config);
    vertx = Vertx.vertx();
    pool = PgClients.pool(vertx, config);
  }

  @AfterEach
  void tearDown() {
    TestApp.await(vertx.close());
  }

  private void sql(String statement) {
    TestApp.await(pool.query(statement).execute());
  }


  @Test
  void sentRowsAndProcessedEventsPastTheRetentionArePrunedInBatches() {
    String insert = "INSERT INTO outbox (event_id, topic, event_key, event_type, payload, created_at, sent_at) ";
    // More old rows than one batch, to go through the batching.
    int old = OutboxPruner.BATCH + 1_000;
    sql(insert + "SELECT gen_random_uuid(), 't', 'old-' || g, 'ReservationHeld', '{}', now() - interval '26 hours', "
        + "now() - interval '25 hours' FROM generate_series(1, " + old + ") AS g");
    sql(insert + "VALUES (gen_random_uuid(), 't', 'recent', 'ReservationHeld', '{}', now() - interval '23 hours', "
        + "now() - interval '23 hours')");
    // Never published: kept however old, the relay still owes it to Kafka.
    sql(insert + "VALUES (gen_random_uuid(), 't', 'unsent', 'ReservationHeld', '{}', now() - interval '48 hours', NULL)");
    sql("INSERT INTO processed_events (consumer, event_id, processed_at) VALUES "
        + "('sales', gen_random_uuid(), now() - interval '25 hours'), "
        + "('sales', gen_random_uuid(), now() - interval '30 hours'), "
        + "('sales', gen_random_uuid(), now() - interval '1 hour')");

    OutboxPruner.Pruned pruned = TestApp.await(new OutboxPruner(pool, Retention.hours(24), Clock.systemUTC()).prune());

    assertThat(pruned).isEqualTo(new OutboxPruner.Pruned(old, 2));
    assertThat(Sql.count(pool, "SELECT count(*) FROM outbox WHERE event_key IN ('recent', 'unsent')")).isEqualTo(2);
    assertThat(Sql.count(pool, "SELECT count(*) FROM outbox")).isEqualTo(2);
    assertThat(Sql.count(pool, "SELECT count(*) FROM processed_events")).isEqualTo(1);
  }

  @Test
  void aShorterRetentionPrunesSooner() {
    sql("INSERT INTO outbox (event_id, topic, event_key, event_type, payload, sent_at) "
        + "VALUES (gen_random_uuid(), 't', 'k', 'ReservationHeld', '{}', now() - interval '2 hours')");
    assertThat(TestApp.await(new OutboxPruner(pool, Retention.hours(3), Clock.systemUTC()).prune()).outbox()).isZero();
    assertThat(TestApp.await(new OutboxPruner(pool, Retention.hours(1), Clock.systemUTC()).prune()).outbox()).isEqualTo(1);
  }
}
