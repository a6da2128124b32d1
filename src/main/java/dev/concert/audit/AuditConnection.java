package dev.concert.audit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;

/**
 * The audit's own Postgres connection, one per round, outside the request pool: a round can never
 * take a connection a request waits for, and a request can never make the audit wait. Its server
 * side limits are the audit's: every statement ends at the round's time limit (a lock wait
 * included), and a session left in its transaction (the instance died) is ended by Postgres.
 */
final class AuditConnection {
  static final String APPLICATION_NAME = "concert-audit";

  private AuditConnection() {}

  static PgConnectOptions options(String pgUri, long timeLimitMillis) {
    String limit = Long.toString(timeLimitMillis);
    return PgConnectOptions.fromUri(pgUri)
        .addProperty("application_name", APPLICATION_NAME)
        .addProperty("statement_timeout", limit)
        .addProperty("lock_timeout", limit)
        .addProperty("idle_in_transaction_session_timeout", limit);
  }

  static Future<PgConnection> open(Vertx vertx, PgConnectOptions options) {
    return PgConnection.connect(vertx, options);
  }
}
