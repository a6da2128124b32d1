package dev.concert.outbox;

import dev.concert.infra.Resources;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One relay round, in one Postgres transaction: take the relay lock (or skip), lock the oldest
 * unsent rows, publish them, mark them sent, commit. A round that fails anywhere rolls back, so
 * its rows stay unsent and the next round publishes them again: at least once, never lost. A
 * process killed after Kafka acknowledged but before the commit republishes too; consumers
 * deduplicate by eventId.
 */
public final class OutboxRelay {
  static final int BATCH = 500;
  private static final String TRY_LOCK = Resources.sql("outbox/try_relay_lock");
  private static final String CLAIM = Resources.sql("outbox/claim_unsent");
  private static final String MARK_SENT = Resources.sql("outbox/mark_sent");

  /** What a round did: {@code leader} false when another relay held the lock. */
  public record Round(boolean leader, int published) {
    static final Round SKIPPED = new Round(false, 0);
  }

  private final Pool pool;
  private final OutboxPublisher publisher;

  public OutboxRelay(Pool pool, OutboxPublisher publisher) {
    this.pool = pool;
    this.publisher = publisher;
  }

  public Future<Round> round() {
    return pool.withTransaction(tx -> tx.preparedQuery(TRY_LOCK).execute().compose(lock -> {
      if (!lock.iterator().next().getBoolean("leader")) {
        return Future.succeededFuture(Round.SKIPPED);
      }
      return tx.preparedQuery(CLAIM).execute(Tuple.of(BATCH)).compose(rows -> {
        List<OutboxRow> claimed = new ArrayList<>(rows.size());
        for (Row row : rows) {
          claimed.add(OutboxRow.from(row));
        }
        return publishAndMark(tx, claimed).map(published -> new Round(true, published));
      });
    }));
  }

  private Future<Integer> publishAndMark(SqlConnection tx, List<OutboxRow> claimed) {
    if (claimed.isEmpty()) {
      return Future.succeededFuture(0);
    }
    Long[] ids = claimed.stream().map(OutboxRow::id).toArray(Long[]::new);
    // The producer gives up by itself; the timeout is a backstop so a round never holds its rows forever.
    return publisher.publish(claimed)
        .timeout(OutboxPublisher.worstCaseMillis() + 5_000, TimeUnit.MILLISECONDS)
        .compose(published -> tx.preparedQuery(MARK_SENT).execute(Tuple.tuple().addArrayOfLong(ids)))
        .map(marked -> claimed.size());
  }
}
