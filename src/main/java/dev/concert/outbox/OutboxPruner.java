package dev.concert.outbox;

import dev.concert.infra.Resources;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

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
    return deleteAll(PRUNE_SENT, cutoff, 0)
        .compose(outbox -> deleteAll(PRUNE_PROCESSED, cutoff, 0).map(processed -> new Pruned(outbox, processed)));
  }

  private Future<Long> deleteAll(String statement, Instant cutoff, long sofar) {
    return pool.preparedQuery(statement).execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC), BATCH)).compose(result -> {
      long total = sofar + result.rowCount();
      return result.rowCount() < BATCH ? Future.succeededFuture(total) : deleteAll(statement, cutoff, total);
    });
  }
}
