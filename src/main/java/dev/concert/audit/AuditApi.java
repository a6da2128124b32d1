package dev.concert.audit;

import dev.concert.concert.ConcertApi;
import dev.concert.http.Replies;
import dev.concert.http.Routes;
import io.vertx.core.Vertx;
import java.util.Optional;

/** {@code GET /api/v1/admin/audit} (Admin-Key). */
public final class AuditApi {
  private AuditApi() {}

  public static void register(Routes routes, Vertx vertx, Optional<String> adminKey) {
    routes.guarded("runAudit", ConcertApi.adminKeyCheck(adminKey),
        Replies.forward(vertx, AuditMessages.AUDIT, 200, ctx -> AuditMessages.RunAudit.RUN));
  }
}
