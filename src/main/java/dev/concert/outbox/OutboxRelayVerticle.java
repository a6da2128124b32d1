package dev.concert.outbox;

import dev.concert.config.AppConfig;
import dev.concert.idempotency.IdempotencyKeys;
import dev.concert.infra.PgClients;
import dev.concert.infra.Resources;
import dev.concert.metrics.DomainMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the outbox to Kafka: one instance per process, running {@link OutboxRelay} rounds one
 * after the other (never overlapping), backing off while they fail. Also keeps the backlog figures
 * fresh (gauges and readiness details) and prunes what is past the retention, idempotency keys
 * past their 24 h included (this is the process's one pruning timer, on the relay's own connections).
 *
 * <p>Requests never wait on Kafka: they only write outbox rows; this verticle is the only reader.
 * It has its own two Postgres connections, because a round holds one for as long as Kafka takes to
 * answer (or to give up), and request traffic must not queue behind that.
 */
public final class OutboxRelayVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelayVerticle.class);
  private static final String BACKLOG = Resources.sql("outbox/backlog");
  static final long BACKLOG_REFRESH_MS = 1_000;
  static final long PRUNE_FIRST_MS = 10_000;
  static final long PRUNE_EVERY_MS = 10 * 60_000;

  // The gauges are process-wide (Micrometer's global registry); one relay per process feeds them.
  private static final AtomicLong BACKLOG_ROWS = new AtomicLong();
  private static final AtomicLong OLDEST_UNSENT_MS = new AtomicLong();
  private static final AtomicBoolean GAUGES_REGISTERED = new AtomicBoolean();

  private final AppConfig config;
  private Pool pool;
  private OutboxPublisher publisher;
  private OutboxRelay relay;
  private OutboxPruner pruner;
  private RelayBackoff backoff;
  private boolean stopped;
  private long roundTimer = -1;
  private long backlogTimer = -1;
  private long pruneTimer = -1;
  private int failures;
  private String lastError;
  /** Whether this relay's last round held the relay lock (else another instance's relay did). */
  private boolean leader = true;
  private long published;
  private long backlog = -1;
  private double oldestUnsentSeconds;

  public OutboxRelayVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(2).setName("concert-outbox-relay").setConnectionTimeout(5))
        .connectingTo(PgClients.connectOptions(config))
        .using(vertx)
        .build();
    pruner = new OutboxPruner(pool, Retention.hours(config.outboxRetentionHours()), Clock.systemUTC());
    backoff = new RelayBackoff(config.outboxIntervalMillis(), config.outboxMaxBackoffMillis());
    return OutboxPublisher.create(vertx, config.kafkaBootstrap()).onSuccess(created -> {
      publisher = created;
      relay = new OutboxRelay(pool, publisher);
      registerGauges();
      publishStatus();
      scheduleRound(0);
      refreshBacklog();
      backlogTimer = vertx.setPeriodic(BACKLOG_REFRESH_MS, id -> refreshBacklog());
      pruneTimer = vertx.setPeriodic(PRUNE_FIRST_MS, PRUNE_EVERY_MS, id -> prune());
    });
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(roundTimer);
    vertx.cancelTimer(backlogTimer);
    vertx.cancelTimer(pruneTimer);
    // A round still in flight rolls back with its connection: its rows stay unsent for the next relay.
    Future<Void> closed = publisher == null ? Future.succeededFuture() : publisher.close();
    return closed.eventually(() -> pool.close());
  }

  private void scheduleRound(long delayMillis) {
    if (!stopped) {
      roundTimer = vertx.setTimer(Math.max(1, delayMillis), id -> relay.round().onComplete(this::succeeded, this::failed));
    }
  }

  private void succeeded(OutboxRelay.Round round) {
    if (stopped) {
      return;
    }
    leader = round.leader();
    if (!round.leader()) {
      // Another instance's relay held the lock: this round says nothing about Kafka, so the last round
      // this relay led still tells (a failing relay stays FAILING). It did not touch Kafka either, so
      // the next try comes at the normal pace, not after the failure's backoff.
      publishStatus();
      scheduleRound(backoff.afterSuccess(0, OutboxRelay.BATCH));
      return;
    }
    if (failures > 0) {
      LOG.info("outbox relay publishes again, after {} failed round(s)", failures);
    }
    failures = 0;
    lastError = null;
    published += round.published();
    DomainMetrics.outboxPublished(round.published());
    publishStatus();
    scheduleRound(backoff.afterSuccess(round.published(), OutboxRelay.BATCH));
  }

  private void failed(Throwable failure) {
    if (stopped) {
      return; // the round lost its connection to the undeployment, not to an outage
    }
    failures++;
    lastError = failure.toString();
    DomainMetrics.outboxPublishFailures();
    if (failures == 1) {
      // Once per outage: the next line about the relay is the one saying it recovered.
      LOG.warn("outbox relay cannot publish ({}); events wait in the outbox, requests are unaffected; "
          + "retrying with backoff up to {} ms", lastError, backoff.maxMillis());
    }
    publishStatus();
    scheduleRound(backoff.afterFailures(failures));
  }

  private void refreshBacklog() {
    if (stopped) {
      return;
    }
    pool.query(BACKLOG).execute().onSuccess(rows -> {
      Row row = rows.iterator().next();
      backlog = row.getLong("backlog");
      oldestUnsentSeconds = row.getDouble("oldest_seconds");
      BACKLOG_ROWS.set(backlog);
      OLDEST_UNSENT_MS.set(Math.round(oldestUnsentSeconds * 1000));
      publishStatus();
    });
    // A failed count leaves the last figures; the relay's own failure says why.
  }

  private void prune() {
    pruner.prune().compose(pruned -> IdempotencyKeys.forgetExpired(pool).map(keys -> {
      if (pruned.outbox() + pruned.processedEvents() > 0) {
        LOG.info("pruned {} sent outbox row(s) and {} processed event(s) older than {} h",
            pruned.outbox(), pruned.processedEvents(), config.outboxRetentionHours());
      }
      if (keys > 0) {
        LOG.info("forgot {} idempotency key(s) older than 24 h", keys);
      }
      return pruned;
    })).onFailure(failure -> {
      if (!stopped) {
        LOG.warn("pruning failed (next try in {} min): {}", PRUNE_EVERY_MS / 60_000, failure.toString());
      }
    });
  }

  private void publishStatus() {
    JsonObject status = new JsonObject()
        .put("relay", failures == 0 ? "OK" : "FAILING")
        .put("leader", leader)
        .put("backlog", backlog < 0 ? null : backlog)
        .put("oldestUnsentSeconds", backlog < 0 ? null : oldestUnsentSeconds)
        .put("publishedByThisInstance", published);
    if (lastError != null) {
      status.put("failedRounds", failures).put("lastError", lastError);
    }
    OutboxStatus.publish(vertx, status);
  }

  private static void registerGauges() {
    if (GAUGES_REGISTERED.compareAndSet(false, true)) {
      DomainMetrics.gauge("concert_outbox_backlog", "outbox events not yet published to Kafka", BACKLOG_ROWS::get);
      DomainMetrics.gauge("concert_outbox_oldest_unsent_seconds", "age of the oldest event not yet published",
          () -> OLDEST_UNSENT_MS.get() / 1000.0);
    }
  }
}
