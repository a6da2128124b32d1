package dev.concert.queue;

import dev.concert.config.AppConfig;
import dev.concert.http.RoomTarget;
import dev.concert.http.TokenGate;
import dev.concert.infra.PgClients;
import dev.concert.infra.RedisClients;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/**
 * The gate in front of token-guarded operations. The signature is checked without I/O; the
 * ACTIVE gate then costs one Redis round trip (one script), the identity gate none.
 *
 * <p>A token's signed lifetime ({@link QueueToken#LIFETIME}) cannot know how long its user will
 * wait, so it never ends a token that is still live: while the queue holds it WAITING or ACTIVE
 * the token is valid whatever its age (the ACTIVE gate asks the queue anyway; the identity gate
 * asks it only for a token past its lifetime, which is rare). The lifetime bounds what an ended
 * token still proves.
 *
 * <p>A concert room's token opens its own concert only.
 */
public final class QueueTokenGate implements TokenGate {
  private final TokenSigner signer;
  private final RedisQueueStore store;
  private final RoomCatalog rooms;
  private final RoomScope scope;

  public QueueTokenGate(TokenSigner signer, RedisQueueStore store, RoomCatalog rooms, RoomScope scope) {
    this.signer = signer;
    this.store = store;
    this.rooms = rooms;
    this.scope = scope;
  }

  /** The gate of one verticle: its own pipelined Redis connection and its Postgres pool. */
  public static QueueTokenGate create(Vertx vertx, AppConfig config) {
    Pool pool = PgClients.pool(vertx, config);
    return new QueueTokenGate(new TokenSigner(config.tokenSecret(), Clock.systemUTC()),
        new RedisQueueStore(RedisClients.pipelined(vertx, config), QueueVerticle.timing(config), new OpeningRanks(pool)),
        new RoomCatalog(pool, config), new RoomScope(pool));
  }

  @Override
  public Future<String> requireActive(String authorization) {
    QueueToken token;
    try {
      token = signer.verifyBearerSignature(authorization);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    return rooms.room(token.concertId())
        .compose(room -> store.place(room, token))
        .compose(place -> switch (place.state()) {
          case ACTIVE -> Future.succeededFuture(token.userId().toString());
          case WAITING -> Future.failedFuture(new ApiException(ErrorCode.QUEUE_NOT_ACTIVE, place.position() < 0
              ? "waiting in the pre-queue: the order is drawn when the sale opens"
              : "still waiting in the queue at position " + place.position()));
          case EXPIRED -> Future.failedFuture(new ApiException(ErrorCode.TOKEN_EXPIRED,
              "queue token is no longer active (paid, timed out or dropped); request a new one"));
        }, failure -> Future.failedFuture(unavailable(failure)));
  }

  @Override
  public Future<Void> requireRoom(String authorization, RoomTarget target) {
    QueueToken token;
    try {
      token = signer.verifyBearerSignature(authorization); // requireActive has judged it live
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    if (token.concertId() == null) {
      return Future.succeededFuture(); // the service-wide room opens every concert
    }
    return scope.concertOf(target).compose(concert -> concert.isEmpty() || concert.get().equals(token.concertId())
        ? Future.<Void>succeededFuture()
        : Future.failedFuture(new ApiException(ErrorCode.QUEUE_NOT_ACTIVE,
            "this token was admitted by the waiting room of concert " + token.concertId()
                + ", not of concert " + concert.get())), failure -> Future.failedFuture(unavailable(failure)));
  }

  @Override
  public Future<String> requireIdentity(String authorization) {
    QueueToken token;
    try {
      token = signer.verifyBearerSignature(authorization);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    if (!signer.pastLifetime(token)) {
      return Future.succeededFuture(token.userId().toString());
    }
    return rooms.room(token.concertId())
        .compose(room -> store.place(room, token))
        .compose(place -> place.state() == QueueState.EXPIRED
        ? Future.failedFuture(TokenSigner.expired())
        : Future.succeededFuture(token.userId().toString()),
        failure -> Future.failedFuture(ApiException.unavailable("the queue is unavailable; retry later")));
  }

  @Override
  public String tokenId(String authorization) {
    return signer.verifyBearerSignature(authorization).tokenId();
  }

  private static Throwable unavailable(Throwable failure) {
    return failure instanceof ApiException ? failure : ApiException.unavailable("the queue is unavailable; retry later");
  }
}
