package dev.concert.concert;

import dev.concert.http.AdminKeyCheck;
import dev.concert.http.Replies;
import dev.concert.http.RoomTarget;
import dev.concert.http.Routes;
import dev.concert.shared.Bus;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** HTTP operations of the concert feature. */
public final class ConcertApi {
  private ConcertApi() {}

  /**
   * {@code seatMaps}: this process's rendered seat maps when it runs the concert feature (a seat map
   * read then takes no event-bus hop once the schedule was served here), else null; {@code availability}
   * the same for availability documents, {@code hallReads} for section counts and section maps.
   */
  public static void register(Routes routes, Vertx vertx, Optional<String> adminKey, SeatMapCache seatMaps,
      AvailabilityCache availability, HallReadCache hallReads) {
    Bus bus = Bus.of(vertx);
    routes.open("listConcerts", Replies.forward(vertx, ConcertMessages.LIST, 200, ctx -> ConcertMessages.AllConcerts.ALL));
    routes.active("listSchedules", ctx -> RoomTarget.concert(Long.parseLong(ctx.pathParam("concertId"))),
        Replies.forward(vertx, ConcertMessages.SCHEDULES, 200,
        ctx -> new ConcertMessages.Schedules(Long.parseLong(ctx.pathParam("concertId")))));
    routes.active("getSeatMap", ctx -> RoomTarget.schedule(Long.parseLong(ctx.pathParam("scheduleId"))),
        ctx -> {
          long scheduleId = Long.parseLong(ctx.pathParam("scheduleId"));
          String section = ctx.queryParams().get("section");
          Buffer cached = seatMaps == null ? null
              : section == null ? seatMaps.cached(scheduleId) : hallReads.cachedSection(scheduleId, Long.parseLong(section));
          if (cached != null) {
            Replies.json(ctx, 200, cached);
            return;
          }
          bus.request(ConcertMessages.SEATS, new ConcertMessages.SeatMap(scheduleId, false,
                  section == null ? null : Long.parseLong(section)))
              .onComplete(rendered -> Replies.json(ctx, 200, rendered), ctx::fail);
        });
    routes.active("getAvailability", ctx -> RoomTarget.schedule(Long.parseLong(ctx.pathParam("scheduleId"))),
        ctx -> {
          long scheduleId = Long.parseLong(ctx.pathParam("scheduleId"));
          String ifNoneMatch = ctx.request().getHeader("If-None-Match");
          ConcertMessages.Availability cached = availability == null ? null : availability.cached(scheduleId);
          if (cached != null) {
            answer(ctx, AvailabilityBits.matches(ifNoneMatch, cached.etag()) ? cached.notModified() : cached);
            return;
          }
          bus.request(ConcertMessages.AVAILABILITY, new ConcertMessages.AvailabilityOf(scheduleId, ifNoneMatch))
              .onComplete(document -> answer(ctx, document), ctx::fail);
        });
    routes.active("listSections", ctx -> RoomTarget.schedule(Long.parseLong(ctx.pathParam("scheduleId"))),
        ctx -> {
          long scheduleId = Long.parseLong(ctx.pathParam("scheduleId"));
          Buffer cached = hallReads == null ? null : hallReads.cachedCounts(scheduleId);
          if (cached != null) {
            Replies.json(ctx, 200, cached);
            return;
          }
          bus.request(ConcertMessages.SECTIONS, new ConcertMessages.Sections(scheduleId))
              .onComplete(sections -> Replies.json(ctx, 200, sections), ctx::fail);
        });
    routes.guarded("createConcert", adminKeyCheck(adminKey), Replies.forward(vertx, ConcertMessages.CREATE, 201,
        ctx -> NewConcert.fromJson(Replies.body(ctx))));
  }

  /** 200 with the document, or 304 without it when the client has it; the tag either way. */
  private static void answer(RoutingContext ctx, ConcertMessages.Availability document) {
    ctx.response().putHeader("ETag", document.etag()).putHeader("Cache-Control", "no-cache");
    if (document.json() == null) {
      ctx.response().setStatusCode(304).end();
    } else {
      Replies.json(ctx, 200, document.json());
    }
  }

  /** 404 while the admin API is off (no key configured), 401 for a missing or wrong key ({@link AdminKeyCheck}). */
  public static Handler<RoutingContext> adminKeyCheck(Optional<String> adminKey) {
    return AdminKeyCheck.of(adminKey);
  }
}
