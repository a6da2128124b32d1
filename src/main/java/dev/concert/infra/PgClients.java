package dev.concert.infra;

import dev.concert.config.AppConfig;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** One shared Postgres pool per process, with the settings that hold up under load. */
public final class PgClients {
  private PgClients() {}

  public static PgConnectOptions connectOptions(AppConfig config) {
    return PgConnectOptions.fromUri(config.pgUri())
        // Statements are few and hot: prepare each once per connection instead of per call.
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(256)
        .setPipeliningLimit(256)
        // Server-side limits on every connection: a lock wait fails at lock_timeout; statement_timeout
        // is a backstop for runaway statements. A request's own budget is PgTransactions' deadline.
        .addProperty("lock_timeout", Integer.toString(config.deadlines().pgLockMillis()))
        .addProperty("statement_timeout", Integer.toString(config.deadlines().pgStatementMillis()));
  }

  /** A pool shared by every verticle instance of this process (same name = same pool). */
  public static Pool pool(Vertx vertx, AppConfig config) {
    PoolOptions options = new PoolOptions()
        .setShared(true)
        .setName("concert-pg")
        .setMaxSize(config.pgPoolSize())
        // A bounded wait queue: past it callers fail fast (503) instead of piling up without end.
        .setMaxWaitQueueSize(10_000)
        // Waiting for a connection is part of a request's Postgres budget.
        .setConnectionTimeout(config.deadlines().pgTransactionMillis())
        .setConnectionTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
        .setEventLoopSize(0);
    return PgBuilder.pool().with(options).connectingTo(connectOptions(config)).using(vertx).build();
  }
}
