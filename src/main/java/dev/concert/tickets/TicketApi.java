package dev.concert.tickets;

import dev.concert.http.AdminKeyCheck;
import dev.concert.http.Replies;
import dev.concert.http.Routes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** {@code POST /api/v1/admin/tickets/check-in} (Admin-Key), optionally for one date ({@code scheduleId}). */
public final class TicketApi {
  private TicketApi() {}

  public static void register(Routes routes, Vertx vertx, Optional<String> adminKey) {
    routes.guarded("checkInTicket", AdminKeyCheck.of(adminKey), Replies.forward(vertx, TicketMessages.CHECK_IN, 200,
        ctx -> {
          JsonObject body = Replies.body(ctx);
          // With "scheduleId" the admin's check-in admits that date's tickets only, as a door key does.
          return new TicketMessages.CheckIn(body.getString("code"), body.getLong("scheduleId"));
        }));
  }
}
