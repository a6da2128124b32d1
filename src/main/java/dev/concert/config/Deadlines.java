package dev.concert.config;

/**
 * How long a request's work may take at each layer, so that a 503 is always true: the work in
 * Postgres and Redis ends (or is abandoned where it can no longer take effect) before the event
 * bus gives up waiting for it, and the HTTP answer comes only from the work's own end.
 *
 * @param pgTransactionMillis a request's whole Postgres transaction, waiting for a connection included;
 *     at the deadline the running statement is cancelled and the transaction rolled back
 * @param pgLockMillis Postgres {@code lock_timeout} of every connection: a lock wait fails sooner
 * @param pgStatementMillis Postgres {@code statement_timeout} of every connection: a backstop for
 *     runaway statements (background work included), not the request budget
 * @param redisMillis how long a Redis command is waited for; a seat hold that runs later does nothing
 * @param busMillis how long the event bus waits for a feature's reply: longer than any work above
 */
public record Deadlines(int pgTransactionMillis, int pgLockMillis, int pgStatementMillis, int redisMillis, int busMillis) {
  /** After the deadline, how long a cancelled statement and its rollback may take before the answer is sent anyway. */
  public static final int GRACE_MILLIS = 1000;

  static Deadlines read(EnvReader r) {
    int transaction = r.integer("CONCERT_PG_TRANSACTION_TIMEOUT_MS", 3000, 100, 600_000);
    int lock = r.integer("CONCERT_PG_LOCK_TIMEOUT_MS", Math.min(2000, transaction), 10, 600_000);
    int statement = r.integer("CONCERT_PG_STATEMENT_TIMEOUT_MS", 30_000, 100, 3_600_000);
    int redis = r.integer("CONCERT_REDIS_TIMEOUT_MS", 2000, 50, 600_000);
    int bus = r.integer("CONCERT_BUS_TIMEOUT_MS", longestWork(transaction, redis) + 1000, 100, 3_600_000);
    if (lock > transaction) {
      r.problem("CONCERT_PG_LOCK_TIMEOUT_MS (" + lock + ") must not exceed CONCERT_PG_TRANSACTION_TIMEOUT_MS (" + transaction + ")");
    }
    if (bus <= longestWork(transaction, redis)) {
      r.problem("CONCERT_BUS_TIMEOUT_MS (" + bus + ") must exceed the longest work it waits for: "
          + "CONCERT_PG_TRANSACTION_TIMEOUT_MS + " + GRACE_MILLIS + " + 2 x CONCERT_REDIS_TIMEOUT_MS = "
          + longestWork(transaction, redis));
    }
    return new Deadlines(transaction, lock, statement, redis, bus);
  }

  /** The longest a feature works on one request (see {@link #longestWork(int, int)}). */
  public int longestWorkMillis() {
    return longestWork(pgTransactionMillis, redisMillis);
  }

  /** The longest a feature works on one request: a Redis step, a Postgres transaction (plus grace), a Redis step. */
  static int longestWork(int transaction, int redis) {
    return transaction + GRACE_MILLIS + 2 * redis;
  }
}
