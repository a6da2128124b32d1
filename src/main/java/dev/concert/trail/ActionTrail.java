package dev.concert.trail;

import dev.concert.infra.Resources;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * What other features call to record an operator's write: inside the write's own transaction, so
 * the trail holds every write that committed and none that did not.
 */
public final class ActionTrail {
  private static final String INSERT = Resources.sql("trail/insert_action");

  private ActionTrail() {}

  public static Future<Void> record(SqlClient tx, OperatorAction action) {
    return tx.preparedQuery(INSERT).execute(Tuple.of(action.actor().name(), action.action(), action.target(),
        action.detail())).mapEmpty();
  }
}
