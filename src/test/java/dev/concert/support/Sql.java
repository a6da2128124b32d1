package dev.concert.support;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/** Reads a test checks in Postgres directly. */
public final class Sql {
  private Sql() {}

  /** A count (or any single number): the first column of the first row. */
  public static long count(Pool pool, String sql, Object... params) {
    return Wait.result(pool.preparedQuery(sql).execute(Tuple.from(params))).iterator().next().getLong(0);
  }
}
