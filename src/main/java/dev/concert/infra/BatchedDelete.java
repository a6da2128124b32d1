package dev.concert.infra;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a bounded {@code DELETE} (at most {@code batch} rows, the batch size its last parameter)
 * again and again until one round deletes fewer than a batch: many short statements instead of one
 * long one, so that no lock is held long and requests never wait behind a purge.
 */
public final class BatchedDelete {
  private BatchedDelete() {}

  /** Deletes everything {@code statement} selects; the number of rows deleted. */
  public static Future<Long> all(SqlClient client, String statement, List<Object> parameters, int batch) {
    List<Object> withBatch = new ArrayList<>(parameters);
    withBatch.add(batch);
    return rounds(client, statement, Tuple.from(withBatch), batch, 0);
  }

  private static Future<Long> rounds(SqlClient client, String statement, Tuple parameters, int batch, long sofar) {
    return client.preparedQuery(statement).execute(parameters).compose(result -> {
      long total = sofar + result.rowCount();
      return result.rowCount() < batch ? Future.succeededFuture(total) : rounds(client, statement, parameters, batch, total);
    });
  }
}
