package dev.concert.infra;

import static dev.concert.support.Futures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.config.AppConfig;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import dev.concert.support.CuttingPgProxy;
import dev.concert.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transaction deadline against the real Postgres: cancelled and rolled back in time, or honestly unknown. */
class PgTransactionsIntegrationTest {
  private Vertx vertx;
  private AppConfig config;
  private Pool pool;

  @BeforeEach
  void start() {
    // lock_timeout (5 s) far beyond the budget: only the deadline's cancel can end the wait in time.
    config = AppConfig.from(TestApp.environment(Map.of(
        "CONCERT_PG_TRANSACTION_TIMEOUT_MS", "5000", "CONCERT_PG_LOCK_TIMEOUT_MS", "5000")));
    TestApp.reset(config);
    vertx = Vertx.vertx();
    pool = PgClients.pool(vertx, config);
    // A table of the test's own: the service's tables have rules (the ledger) beside the point here.
    TestApp.await(pool.query("CREATE TABLE IF NOT EXISTS test_deadline_probe (id UUID PRIMARY KEY, n INT NOT NULL)").execute());
    TestApp.await(pool.query("TRUNCATE test_deadline_probe").execute());
  }

  @AfterEach
  void stop() {
    TestApp.await(vertx.close());
  }

  @Test
  void atTheDeadlineTheWaitingStatementIsCancelledAndNothingCommits() {
    cancelledAtTheDeadline(false);
  }

  @Test
  void aLoneStatementIsCancelledAtTheDeadlineToo() {
    cancelledAtTheDeadline(true);
  }

  private void cancelledAtTheDeadline(boolean single) {
    UUID user = UUID.randomUUID();
    TestApp.await(pool.preparedQuery("INSERT INTO test_deadline_probe (id, n) VALUES ($1, 100)").execute(Tuple.of(user)));
    PgConnection locker = TestApp.await(PgConnection.connect(vertx, PgClients.connectOptions(config)));
    TestApp.await(locker.query("BEGIN").execute());
    TestApp.await(locker.preparedQuery("SELECT 1 FROM test_deadline_probe WHERE id = $1 FOR UPDATE").execute(Tuple.of(user)));

    PgTransactions transactions = new PgTransactions(vertx, pool, 400);
    long start = System.nanoTime();
    java.util.function.Function<io.vertx.sqlclient.SqlConnection, Future<io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row>>> work =
        tx -> tx.preparedQuery("UPDATE test_deadline_probe SET n = n + 1000 WHERE id = $1").execute(Tuple.of(user));
    Throwable failure = failureOf(single ? transactions.single(work) : transactions.run(work));
    long tookMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(failure).isInstanceOf(ApiException.class);
    assertThat(((ApiException) failure).code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(tookMs).as("cancelled at the deadline, long before lock_timeout").isBetween(350L, 1400L);
    assertThat(TestApp.await(pool.query("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        + "WHERE NOT l.granted AND a.datname = current_database()").execute()).iterator().next().getLong(0)).isZero();
    TestApp.await(locker.query("ROLLBACK").execute());
    assertThat(balance(user)).isEqualTo(100);
  }

  @Test
  void aConnectionACancelWasSentToServesNoOtherRequest() {
    UUID user = UUID.randomUUID();
    TestApp.await(pool.preparedQuery("INSERT INTO test_deadline_probe (id, n) VALUES ($1, 100)").execute(Tuple.of(user)));
    PgConnection locker = TestApp.await(PgConnection.connect(vertx, PgClients.connectOptions(config)));
    TestApp.await(locker.query("BEGIN").execute());
    TestApp.await(locker.preparedQuery("SELECT 1 FROM test_deadline_probe WHERE id = $1 FOR UPDATE").execute(Tuple.of(user)));

    AtomicInteger backend = new AtomicInteger();
    failureOf(new PgTransactions(vertx, pool, 400).run(tx -> tx.query("SELECT pg_backend_pid()").execute()
        .compose(rows -> {
          backend.set(rows.iterator().next().getInteger(0));
          return tx.preparedQuery("UPDATE test_deadline_probe SET n = n + 1 WHERE id = $1").execute(Tuple.of(user));
        })));
    TestApp.await(locker.query("ROLLBACK").execute());

    // Its backend ended itself: a cancel arriving late can hit no other request's statement there.
    TestApp.awaitCondition(() -> TestApp.await(pool.preparedQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = $1")
        .execute(Tuple.of(backend.get()))).iterator().next().getLong(0) == 0, "the cancelled connection's backend to end");
    assertThat(balance(user)).isEqualTo(100);
  }

  @Test
  void aConnectionLostDuringCommitIsAnUnknownOutcomeNeverA503() {
    UUID committed = UUID.randomUUID();
    UUID unsent = UUID.randomUUID();
    PgConnectOptions direct = PgClients.connectOptions(config);
    for (boolean forwardCommit : new boolean[] {true, false}) {
      int port = CuttingPgProxy.start(vertx, direct, "COMMIT", forwardCommit);
      Pool viaProxy = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
          .connectingTo(new PgConnectOptions(direct).setHost("127.0.0.1").setPort(port)).using(vertx).build();
      UUID user = forwardCommit ? committed : unsent;
      Throwable failure = failureOf(new PgTransactions(vertx, viaProxy, 5000).run(tx -> tx
          .preparedQuery("INSERT INTO test_deadline_probe (id, n) VALUES ($1, 7)").execute(Tuple.of(user))));
      assertThat(failure).isInstanceOf(ApiException.class);
      assertThat(((ApiException) failure).code()).as("forwarded: " + forwardCommit).isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
      viaProxy.close();
    }
    // The same answer for both, because the client cannot tell them apart: one committed, one did not.
    TestApp.awaitCondition(() -> balance(committed) == 7, "the forwarded COMMIT to have committed");
    assertThat(balance(unsent)).isZero();
  }

  private long balance(UUID user) {
    var rows = TestApp.await(pool.preparedQuery("SELECT n FROM test_deadline_probe WHERE id = $1").execute(Tuple.of(user)));
    return rows.size() == 0 ? 0 : rows.iterator().next().getInteger(0);
  }
}
