package dev.concert.doors;

import dev.concert.http.AdminKeyCheck;
import dev.concert.http.Replies;
import dev.concert.http.Routes;
import dev.concert.shared.Bus;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Door keys (Admin-Key: {@code POST /api/v1/admin/door-keys}, {@code DELETE .../{keyId}}) and the
 * door's check-in ({@code POST /api/v1/door/check-in} with {@code Door-Key}). A door key opens that
 * one operation: every other one checks the Admin-Key or a queue token, which a door key is not.
 */
public final class DoorApi {
  static final String HEADER = "Door-Key";
  private static final String KEY_HASH = "doorKeyHash";

  private DoorApi() {}

  public static void register(Routes routes, Vertx vertx, Optional<String> adminKey) {
    Handler<RoutingContext> operators = AdminKeyCheck.of(adminKey);
    routes.guarded("createDoorKey", operators, Replies.forward(vertx, DoorMessages.CREATE_KEY, 201, ctx -> {
      JsonObject body = Replies.body(ctx);
      return new DoorMessages.CreateKey(body.getLong("scheduleId"), body.getString("label"));
    }));
    Bus bus = Bus.of(vertx);
    routes.guarded("revokeDoorKey", operators, ctx -> bus.request(DoorMessages.REVOKE_KEY,
            new DoorMessages.RevokeKey(ctx.pathParam("keyId")))
        .onComplete(revoked -> ctx.response().setStatusCode(204).end(), ctx::fail));
    routes.guarded("doorCheckIn", doorKey(bus), Replies.forward(vertx, DoorMessages.CHECK_IN, 200,
        ctx -> new DoorMessages.CheckIn(ctx.get(KEY_HASH), Replies.body(ctx).getString("code"))));
  }

  /**
   * The key is checked before the body, as the Admin-Key is: a wrong key learns nothing about the
   * request. The check-in itself checks the key again, holding it against a revocation meanwhile.
   */
  private static Handler<RoutingContext> doorKey(Bus bus) {
    return ctx -> {
      String key = ctx.request().getHeader(HEADER);
      if (key == null || key.isEmpty()) {
        ctx.fail(DoorKeys.invalid());
        return;
      }
      String hash = DoorKeySecrets.hash(key);
      bus.request(DoorMessages.VERIFY_KEY, new DoorMessages.VerifyKey(hash)).onComplete(found -> {
        ctx.put(KEY_HASH, hash);
        ctx.next();
      }, ctx::fail);
    };
  }
}
