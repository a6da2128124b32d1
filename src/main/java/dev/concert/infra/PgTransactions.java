package dev.concert.infra;

import dev.concert.config.Deadlines;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A request's Postgres work as one transaction with a deadline, so that a 503 is true. The budget
 * counts from the call (waiting for a connection included). At the deadline the running statement
 * is cancelled and the transaction rolled back: COMMIT is never sent after the deadline, so work
 * that missed it can never take effect. The answer comes from the transaction's end; only if a
 * cancelled statement has not ended {@link Deadlines#GRACE_MILLIS} later is it sent anyway (still
 * true: without COMMIT nothing commits). The one case without a known outcome is a COMMIT sent
 * whose reply never came (the connection died): that is {@link ErrorCode#OUTCOME_UNKNOWN}, never 503.
 * A lone statement ({@link #single}) commits by itself, so for it "COMMIT in flight" is the whole
 * statement: cancelled at the deadline, its own reply tells what happened, and only no reply at all
 * is unknown.
 */
public final class PgTransactions {
  /** How long a retired connection is waited for to close before it is given back anyway. */
  private static final long RETIRE_WAIT_MILLIS = 2_000;
  private static final String QUERY_CANCELED = "57014";
  private final Vertx vertx;
  private final Pool pool;
  private final long budgetMillis;

  public PgTransactions(Vertx vertx, Pool pool, Deadlines deadlines) {
    this(vertx, pool, deadlines.pgTransactionMillis());
  }

  public PgTransactions(Vertx vertx, Pool pool, long budgetMillis) {
    this.vertx = vertx;
    this.pool = pool;
    this.budgetMillis = budgetMillis;
  }

  /** Runs {@code work} in a transaction that commits only if it succeeds before the deadline. */
  public <T> Future<T> run(Function<SqlConnection, Future<T>> work) {
    return withConnection(work, false);
  }

  /**
   * Runs one statement on its own (it commits by itself: no BEGIN/COMMIT round trips) with the
   * same deadline: cancelled at it, so it either did not happen (503) or did (its result). Only a
   * statement whose reply never comes, lost connection or unreachable server, is OUTCOME_UNKNOWN.
   */
  public <T> Future<T> single(Function<SqlConnection, Future<T>> statement) {
    return withConnection(statement, true);
  }

  private <T> Future<T> withConnection(Function<SqlConnection, Future<T>> work, boolean autocommit) {
    long deadline = System.nanoTime() + budgetMillis * 1_000_000L;
    return pool.getConnection().compose(
        connection -> runOn(connection, deadline, work, autocommit),
        failure -> Future.failedFuture(ApiException.unavailable(
            "no database connection within the request's budget; nothing was changed. Retry later.")));
  }

  private <T> Future<T> runOn(SqlConnection connection, long deadline, Function<SqlConnection, Future<T>> work,
      boolean autocommit) {
    long remaining = (deadline - System.nanoTime()) / 1_000_000L;
    if (remaining <= 0) {
      connection.close();
      return Future.failedFuture(timedOut());
    }
    Attempt attempt = new Attempt(autocommit);
    Promise<T> answer = Promise.promise();
    long timer = vertx.setTimer(remaining, id -> attempt.expire(connection, answer));
    Future<T> running = autocommit
        ? attempt.apply(work, connection).transform(done -> attempt.settled().transform(s -> attempt.finishAlone(done)))
        : connection.begin().compose(tx -> attempt.apply(work, connection)
            .transform(done -> attempt.settled().transform(s -> attempt.finish(tx, done))));
    running.onComplete(ended -> {
          vertx.cancelTimer(timer);
          attempt.ended();
          retireIfCancelled(connection, attempt).onComplete(retired -> connection.close());
          if (ended.succeeded()) {
            answer.tryComplete(ended.result());
          } else {
            answer.tryFail(ended.cause());
          }
        });
    return answer.future();
  }

  /**
   * A connection a cancel was sent to never serves another request: Postgres takes a cancel in
   * whenever it reaches the backend, and one that arrives after {@link Attempt#settled()} gave up
   * waiting would cancel whatever statement the pool's next user runs there. The backend ends
   * itself; the pool drops the closed connection. A late cancel then hits this statement or
   * nothing. The connection goes back only once the client saw it close: the backend's FATAL
   * answer comes before the socket's end, and a connection given back in between was handed to
   * the pool's next user dead ("Connection is not active now").
   */
  private static Future<Void> retireIfCancelled(SqlConnection connection, Attempt attempt) {
    if (!attempt.cancelSent()) {
      return Future.succeededFuture();
    }
    Promise<Void> closed = Promise.promise();
    connection.closeHandler(v -> closed.tryComplete());
    connection.query("SELECT pg_terminate_backend(pg_backend_pid())").execute();
    return closed.future().timeout(RETIRE_WAIT_MILLIS, TimeUnit.MILLISECONDS).otherwiseEmpty();
  }

  /** The state of one transaction: confined to the connection's event loop. */
  private final class Attempt {
    /** One statement committing by itself: it may commit at any moment, as if COMMIT were always in flight. */
    private final boolean autocommit;
    private boolean expired;
    private boolean commitSent;
    private boolean cancelSent;
    private long graceTimer = -1;
    private Future<Void> cancelled = Future.succeededFuture();

    Attempt(boolean autocommit) {
      this.autocommit = autocommit;
      this.commitSent = autocommit;
    }

    /**
     * Once a cancel was sent, the next command on this connection (the ROLLBACK, or another
     * request's statement once it is back in the pool) waits until Postgres has taken the cancel
     * in: a cancel still on its way would otherwise hit that command instead. Taken in while the
     * backend is idle, Postgres ignores it.
     */
    Future<Void> settled() {
      return cancelled.timeout(Deadlines.GRACE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS).otherwiseEmpty();
    }

    /** A statement on its own: its own reply tells; only no reply at all leaves the outcome unknown. */
    <T> Future<T> finishAlone(io.vertx.core.AsyncResult<T> done) {
      if (done.succeeded()) {
        return Future.succeededFuture(done.result());
      }
      if (!(done.cause() instanceof PgException pg)) {
        return Future.failedFuture(outcomeUnknown());
      }
      return Future.failedFuture(expired && QUERY_CANCELED.equals(pg.getSqlState()) ? timedOut() : pg);
    }

    <T> Future<T> apply(Function<SqlConnection, Future<T>> work, SqlConnection connection) {
      try {
        return work.apply(connection);
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }

    <T> Future<T> finish(Transaction tx, io.vertx.core.AsyncResult<T> done) {
      if (done.succeeded() && !expired) {
        commitSent = true;
        return tx.commit().transform(committed -> committed.succeeded()
            ? Future.succeededFuture(done.result())
            : Future.failedFuture(commitFailed(committed.cause())));
      }
      Throwable failure = expired ? timedOut() : done.cause();
      // A statement's failure may already have rolled the transaction back: the rollback's own failure is moot.
      return tx.rollback().transform(rolledBack -> Future.failedFuture(failure));
    }

    <T> void expire(SqlConnection connection, Promise<T> answer) {
      expired = true;
      // Never cancel a COMMIT in flight; a lone statement is cancelled (after it committed, a no-op).
      if ((autocommit || !commitSent) && connection instanceof PgConnection pg) {
        cancelled = pg.cancelRequest();
        cancelSent = true;
      }
      graceTimer = vertx.setTimer(Deadlines.GRACE_MILLIS,
          id -> answer.tryFail(commitSent ? outcomeUnknown() : timedOut()));
    }

    boolean cancelSent() {
      return cancelSent;
    }

    void ended() {
      if (graceTimer >= 0) {
        vertx.cancelTimer(graceTimer);
      }
    }
  }

  /**
   * Postgres answered the COMMIT with an ERROR (a serialization failure, a deferred constraint
   * trigger): the transaction was rolled back. Anything else, above all no reply at all or a FATAL
   * ending the session, leaves the outcome unknown.
   */
  private static Throwable commitFailed(Throwable failure) {
    return failure instanceof PgException pg && "ERROR".equals(pg.getSeverity()) ? failure : outcomeUnknown();
  }

  static ApiException timedOut() {
    return ApiException.unavailable("The request ran out of time and was rolled back; nothing was changed. Retry later.");
  }

  public static ApiException outcomeUnknown() {
    return new ApiException(ErrorCode.OUTCOME_UNKNOWN, "The database connection was lost while committing: the request "
        + "may or may not have taken effect. Read the current state, or retry with the same Idempotency-Key.");
  }
}
