package dev.concert.seats;

import dev.concert.http.RoomTarget;
import dev.concert.http.Routes;
import dev.concert.http.TokenEnds;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * HTTP side of the seat stream: {@code GET /schedules/{scheduleId}/seats/events?section=} (ACTIVE
 * gate at connect).
 */
public final class SeatStreamApi {
  private SeatStreamApi() {}

  /**
   * Call on the HTTP verticle's loop: its streams live there. {@code ends}: tells when a stream's
   * token ends (its stream ends then); {@code source}: what a stream covers and its first event;
   * {@code heartbeatMillis}: how often a stream sends a comment.
   */
  public static void register(Routes routes, Vertx vertx, SeatChanges changes, TokenEnds ends, SeatStreamSource source,
      long heartbeatMillis) {
    SeatStreams streams = new SeatStreams(vertx, changes, ends, source, heartbeatMillis);
    routes.activeStream("watchSeats", ctx -> RoomTarget.schedule(scheduleId(ctx)),
        ctx -> streams.open(ctx, scheduleId(ctx), sectionId(ctx), Routes.holder(ctx).tokenId(),
            () -> routes.gate().requireActive(Routes.authorization(ctx, true))));
  }

  private static long scheduleId(RoutingContext ctx) {
    return Long.parseLong(ctx.pathParam("scheduleId"));
  }

  /** The validated {@code section} query parameter, null without one. */
  private static Long sectionId(RoutingContext ctx) {
    String section = ctx.queryParams().get("section");
    return section == null ? null : Long.parseLong(section);
  }
}
