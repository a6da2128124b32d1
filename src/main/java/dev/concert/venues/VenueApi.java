package dev.concert.venues;

import dev.concert.http.Replies;
import dev.concert.http.Routes;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/** HTTP operations of venues: the admin's creation (bodies up to {@link #MAX_BODY_BYTES}) and the open read. */
public final class VenueApi {
  /** A stadium lists thousands of rows: this operation alone takes bodies this large. */
  public static final int MAX_BODY_BYTES = 1024 * 1024;
  public static final String CREATE_PATH = "/api/v1/admin/venues";

  private VenueApi() {}

  public static void register(Routes routes, Vertx vertx, Handler<RoutingContext> adminKeyCheck) {
    // The rules the contract cannot state are checked here, before the hop: a bad layout costs no bus message.
    routes.guarded("createVenue", adminKeyCheck, Replies.forward(vertx, VenueMessages.CREATE, 201,
        ctx -> NewVenue.fromJson(Replies.body(ctx))));
    routes.open("getVenue", Replies.forward(vertx, VenueMessages.GET, 200,
        ctx -> new VenueMessages.VenueById(Long.parseLong(ctx.pathParam("venueId")))));
  }
}
