package dev.concert.withheld;

import dev.concert.http.AdminKeyCheck;
import dev.concert.http.Replies;
import dev.concert.http.Routes;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Withheld places (Admin-Key): {@code POST /api/v1/admin/schedules/{scheduleId}/withheld} takes
 * places off the sale, {@code DELETE} with the same body puts them back.
 */
public final class WithheldApi {
  private WithheldApi() {}

  public static void register(Routes routes, Vertx vertx, Optional<String> adminKey) {
    Handler<RoutingContext> operators = AdminKeyCheck.of(adminKey);
    routes.guarded("withholdPlaces", operators,
        Replies.forward(vertx, WithheldMessages.CHANGE, 200, ctx -> change(ctx, true)));
    routes.guarded("putBackPlaces", operators,
        Replies.forward(vertx, WithheldMessages.CHANGE, 200, ctx -> change(ctx, false)));
  }

  private static WithheldMessages.Change change(RoutingContext ctx, boolean withhold) {
    JsonObject body = Replies.body(ctx);
    JsonArray numbers = body.getJsonArray("seatNumbers");
    List<Integer> seats = null;
    if (numbers != null) {
      seats = new ArrayList<>(numbers.size());
      for (Object n : numbers) {
        seats.add(((Number) n).intValue());
      }
    }
    return new WithheldMessages.Change(Long.parseLong(ctx.pathParam("scheduleId")), withhold, seats,
        body.getLong("section"));
  }
}
