package dev.concert.trail;

import dev.concert.http.AdminKeyCheck;
import dev.concert.http.Paging;
import dev.concert.http.Replies;
import dev.concert.http.Routes;
import io.vertx.core.Vertx;
import java.util.Optional;

/** {@code GET /api/v1/admin/actions} (Admin-Key): every operator's write, newest first. */
public final class TrailApi {
  private TrailApi() {}

  public static void register(Routes routes, Vertx vertx, Optional<String> adminKey) {
    routes.guarded("listActions", AdminKeyCheck.of(adminKey), Replies.forward(vertx, TrailMessages.ACTIONS, 200,
        ctx -> new TrailMessages.ActionPage(Paging.limit(ctx, ActionLog.DEFAULT_LIMIT), Paging.after(ctx))));
  }
}
