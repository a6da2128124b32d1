package dev.concert.tickets;

import dev.concert.concert.ConcertApi;
import dev.concert.http.Replies;
import dev.concert.http.Routes;
import io.vertx.core.Vertx;
import java.util.Optional;

/** {@code POST /api/v1/admin/tickets/check-in} (Admin-Key). */
public final class TicketApi {
  private TicketApi() {}

  public static void register(Routes routes, Vertx vertx, Optional<String> adminKey) {
    routes.guarded("checkInTicket", ConcertApi.adminKeyCheck(adminKey), Replies.forward(vertx, TicketMessages.CHECK_IN, 200,
        ctx -> new TicketMessages.CheckIn(Replies.body(ctx).getString("code"))));
  }
}
