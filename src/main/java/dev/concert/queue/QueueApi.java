package dev.concert.queue;

import dev.concert.http.Replies;
import dev.concert.http.Routes;
import dev.concert.shared.ApiException;
import dev.concert.shared.Bus;
import dev.concert.shared.ErrorCode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** HTTP operations of the queue feature. */
public final class QueueApi {
  private QueueApi() {}

  /**
   * {@code abandonMillis}: how long a waiting token lives without a poll (its stream polls for it);
   * {@code admitIntervalMillis}: the admission timer's period, the streams' fallback tick;
   * {@code heartbeatMillis}: how often a stream sends a comment line.
   */
  public static void register(Routes routes, Vertx vertx, LineMoves moves, long abandonMillis, long admitIntervalMillis,
      long heartbeatMillis) {
    routes.open("issueQueueToken", ctx -> {
      JsonObject body = Replies.body(ctx);
      Bus.request(vertx, QueueVerticle.ISSUE, new JsonObject().put("userId", body.getString("userId"))
              .put("concertId", body.getLong("concertId")))
          .onComplete(reply -> {
            boolean created = (Boolean) reply.remove("created");
            Replies.json(ctx, created ? 201 : 200, reply);
          }, ctx::fail);
    });
    // The identity gate has verified the token; the queue reads its place.
    routes.identity("getCurrentQueueToken", ctx -> Bus.request(vertx, QueueVerticle.CURRENT,
            new JsonObject().put("token", ctx.request().getHeader("Authorization").substring(7).trim()))
        .onComplete(reply -> Replies.json(ctx, 200, reply), ctx::fail));
    QueueStreams streams = new QueueStreams(vertx, moves, abandonMillis, admitIntervalMillis, heartbeatMillis);
    routes.identityStream("watchQueueToken", ctx -> {
      String tokenId = Routes.holder(ctx).tokenId();
      if (tokenId == null) { // the identity provider's JWT: it reads the account, it has no place in a queue
        ctx.fail(new ApiException(ErrorCode.TOKEN_INVALID, "the queue stream needs a queue token, not the identity provider's JWT"));
        return;
      }
      streams.open(ctx, Routes.authorization(ctx, true).substring(7).trim(), tokenId);
    });
    routes.open("getConcertOpening", ctx -> {
      String page = ctx.queryParams().get("page");
      Bus.request(vertx, QueueVerticle.OPENING, new JsonObject()
              .put("concertId", Long.parseLong(ctx.pathParam("concertId")))
              .put("page", page == null ? 1 : Integer.parseInt(page)))
          .onComplete(reply -> OpeningResponse.send(ctx, reply), ctx::fail);
    });
  }
}
