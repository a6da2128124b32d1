package dev.concert.sales;

import dev.concert.concert.ConcertApi;
import dev.concert.http.Replies;
import dev.concert.http.Routes;
import io.vertx.core.Vertx;
import java.util.Optional;

/** {@code GET /api/v1/admin/concerts/{concertId}/sales} (Admin-Key). */
public final class SalesApi {
  private SalesApi() {}

  public static void register(Routes routes, Vertx vertx, Optional<String> adminKey) {
    routes.guarded("getConcertSales", ConcertApi.adminKeyCheck(adminKey), Replies.forward(vertx,
        SalesMessages.CONCERT_SALES, 200,
        ctx -> new SalesMessages.ConcertSales(Long.parseLong(ctx.pathParam("concertId")))));
  }
}
