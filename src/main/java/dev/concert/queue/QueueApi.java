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
    Bus bus = Bus.of(vertx);
    routes.open("issueQueueToken", ctx -> {
      JsonObject body = Replies.body(ctx);
      bus.request(QueueMessages.ISSUE, new QueueMessages.Issue(body.getString("userId"), body.getLong("concertId")))
          .onComplete(issued -> Replies.json(ctx, issued.created() ? 201 : 200, issued.status()), ctx::fail);
    });
    // The identity gate has verified the token; the queue reads its place.
    routes.identity("getCurrentQueueToken", Replies.forward(vertx, QueueMessages.CURRENT, 200,
        ctx -> new QueueMessages.Token(ctx.request().getHeader("Authorization").substring(7).trim())));
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
      bus.request(QueueMessages.OPENING, new QueueMessages.Opening(Long.parseLong(ctx.pathParam("concertId")),
              page == null ? 1 : Integer.parseInt(page)))
          .onComplete(reply -> OpeningResponse.send(ctx, reply), ctx::fail);
    });
  }
}
