package dev.concert.outbox;

import dev.concert.http.HealthApi;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import java.util.function.Supplier;

/**
 * What the relay last saw (backlog, lag, whether Kafka takes its events), kept in the instance's
 * local shared data so the readiness check can show it without a query of its own. A backlog
 * never makes the instance unready: requests do not depend on Kafka.
 */
public final class OutboxStatus {
  private static final String MAP = "concert.outbox";
  private static final String KEY = "status";

  private OutboxStatus() {}

  static void publish(Vertx vertx, JsonObject status) {
    map(vertx).put(KEY, status);
  }

  /** The last status, or an empty object when no relay runs in this instance (yet). */
  public static JsonObject read(Vertx vertx) {
    JsonObject status = map(vertx).get(KEY);
    return status == null ? new JsonObject() : status;
  }

  /** The {@code outbox} readiness check: always UP, with the relay's figures as details. */
  public static Supplier<Future<JsonObject>> healthCheck(Vertx vertx) {
    return () -> Future.succeededFuture(HealthApi.up().mergeIn(read(vertx)));
  }

  private static LocalMap<String, JsonObject> map(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP);
  }
}
