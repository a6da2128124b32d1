package dev.concert.cancellation;

import dev.concert.http.AdminKeyCheck;
import dev.concert.http.Replies;
import dev.concert.http.Routes;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * {@code POST /api/v1/admin/schedules/{scheduleId}/cancel} (202: the job does the work) and
 * {@code GET /api/v1/admin/schedules/{scheduleId}} (its progress), both Admin-Key.
 */
public final class CancellationApi {
  private CancellationApi() {}

  public static void register(Routes routes, Vertx vertx, Optional<String> adminKey) {
    Handler<RoutingContext> operators = AdminKeyCheck.of(adminKey);
    routes.guarded("cancelSchedule", operators, Replies.forward(vertx, CancellationMessages.CANCEL, 202,
        ctx -> new CancellationMessages.Cancel(Long.parseLong(ctx.pathParam("scheduleId")))));
    routes.guarded("getScheduleCancellation", operators, Replies.forward(vertx, CancellationMessages.PROGRESS, 200,
        ctx -> new CancellationMessages.Progress(Long.parseLong(ctx.pathParam("scheduleId")))));
  }
}
