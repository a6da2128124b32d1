package dev.concert.doors;

import dev.concert.infra.Resources;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import dev.concert.trail.ActionTrail;
import dev.concert.trail.Actor;
import dev.concert.trail.OperatorAction;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** Door keys in Postgres: issued, revoked, and found by their hash at every check-in. */
public final class DoorKeys {
  private static final String INSERT = Resources.sql("doors/insert_key");
  private static final String REVOKE = Resources.sql("doors/revoke_key");
  private static final String EXISTS = Resources.sql("doors/key_exists");
  private static final String FIND = Resources.sql("doors/find_key");
  private static final String LOCK = Resources.sql("doors/lock_key");

  /** A live key: which one (for the trail) and the one date it admits. */
  public record Holder(UUID keyId, long scheduleId) {}

  private DoorKeys() {}

  /** {@code {"keyId","key","scheduleId","label"}}, recorded in the trail in {@code tx}; the key is not kept. */
  public static Future<JsonObject> issue(SqlClient tx, long scheduleId, String label) {
    UUID keyId = UUID.randomUUID();
    String key = DoorKeySecrets.newKey();
    return tx.preparedQuery(INSERT).execute(Tuple.of(keyId, DoorKeySecrets.hash(key), scheduleId, label))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ApiException.notFound("no date " + scheduleId));
          }
          JsonObject described = described(rows.iterator().next());
          return ActionTrail.record(tx, new OperatorAction(Actor.ADMIN, "door-key.create", "door-key:" + keyId,
                  described.copy()))
              .map(recorded -> described.put("key", key));
        });
  }

  /** Revokes the key in {@code tx} (recorded in the trail); a key revoked before stays revoked, not recorded again. */
  public static Future<Void> revoke(SqlClient tx, UUID keyId) {
    return tx.preparedQuery(REVOKE).execute(Tuple.of(keyId)).compose(rows -> rows.size() == 1
        ? ActionTrail.record(tx, new OperatorAction(Actor.ADMIN, "door-key.revoke", "door-key:" + keyId,
            described(rows.iterator().next())))
        : tx.preparedQuery(EXISTS).execute(Tuple.of(keyId)).compose(found -> found.size() == 1
            ? Future.<Void>succeededFuture()
            : Future.failedFuture(ApiException.notFound("no door key " + keyId))));
  }

  /** The live key with this hash, or DOOR_KEY_INVALID. */
  public static Future<Holder> find(SqlClient client, String keyHash) {
    return holder(client, FIND, keyHash);
  }

  /** As {@link #find}, and holds the key against revocation until {@code tx} ends. */
  public static Future<Holder> lock(SqlClient tx, String keyHash) {
    return holder(tx, LOCK, keyHash);
  }

  private static Future<Holder> holder(SqlClient client, String sql, String keyHash) {
    return client.preparedQuery(sql).execute(Tuple.of(keyHash)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(invalid());
      }
      Row row = rows.iterator().next();
      return Future.succeededFuture(new Holder(row.getUUID("key_id"), row.getLong("schedule_id")));
    });
  }

  public static ApiException invalid() {
    return new ApiException(ErrorCode.DOOR_KEY_INVALID, "Missing, unknown or revoked Door-Key header");
  }

  private static JsonObject described(Row row) {
    return new JsonObject().put("keyId", row.getUUID("key_id").toString())
        .put("scheduleId", row.getLong("schedule_id")).put("label", row.getString("label"));
  }
}
