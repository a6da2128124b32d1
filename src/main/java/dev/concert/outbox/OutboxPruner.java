package dev.concert.outbox;

import dev.concert.infra.BatchedDelete;
import dev.concert.infra.Resources;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Deletes sent outbox rows and processed-event records older than the retention, batch by batch
 * (short transactions, no long lock). Safe on every instance at once: a row deleted by one is
 * simply not found by the other.
 */
public final class OutboxPruner {
  static final int BATCH = 5_000;
  private static final String PRUNE_SENT = Resources.sql("outbox/prune_sent");
  private static final String PRUNE_PROCESSED = Resources.sql("outbox/prune_processed");

  /** Rows deleted by one {@link #prune}. */
  public record Pruned(long outbox, long processedEvents) {}

  private final Pool pool;
  private final Retention retention;
  private final Clock clock;

  public OutboxPruner(Pool pool, Retention retention, Clock clock) {
    this.pool = pool;
    this.retention = retention;
    this.clock = clock;
  }

  public Future<Pruned> prune() {
    Instant cutoff = retention.cutoff(clock.instant());
    return deleteAll(PRUNE_SENT, cutoff)
        .compose(outbox -> deleteAll(PRUNE_PROCESSED, cutoff).map(processed -> new Pruned(outbox, processed)));
  }

  private Future<Long> deleteAll(String statement, Instant cutoff) {
    return BatchedDelete.all(pool, statement, List.of(cutoff.atOffset(ZoneOffset.UTC)), BATCH);
  }
}
