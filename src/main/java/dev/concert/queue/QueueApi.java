package dev.concert.queue;

import dev.concert.http.Routes;
import io.vertx.core.Vertx;

/** HTTP operations of the queue feature. PLACEHOLDER until its issue lands. */
public final class QueueApi {
  private QueueApi() {}

  public static void register(Routes routes, Vertx vertx) {}
}
