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
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.function.BiFunction;

/**
 * The gate in front of token-guarded operations. The signature is checked without I/O; the
 * ACTIVE gate then costs one Redis round trip for an active token (a small script), two for any
 * other (the full state script tells waiting from ended), the identity gate none.
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
  private final ActiveCheck active;

  /** What the fast path knows of an active token: only that it is. */
  private static final RedisQueueStore.Place ACTIVE = new RedisQueueStore.Place(QueueState.ACTIVE, 0, null, 0);

  QueueTokenGate(TokenSigner signer, RedisQueueStore store, ActiveCheck active, RoomCatalog rooms, RoomScope scope) {
    this.signer = signer;
    this.store = store;
    this.active = active;
    this.rooms = rooms;
    this.scope = scope;
  }

  /** The gate of one verticle: its own pipelined Redis connection and its Postgres pool. */
  public static QueueTokenGate create(Vertx vertx, AppConfig config) {
    Pool pool = PgClients.pool(vertx, config);
    Redis redis = RedisClients.pipelined(vertx, config);
    return new QueueTokenGate(new TokenSigner(config.tokenSecret(), Clock.systemUTC()),
        new RedisQueueStore(redis, QueueVerticle.timing(config), new OpeningRanks(pool)), new ActiveCheck(redis),
        new RoomCatalog(pool, config), new RoomScope(pool));
  }

  @Override
  public Future<Holder> requireActive(String authorization) {
    return verified(authorization, (token, holder) -> rooms.room(token.concertId())
        .compose(room -> active.isActive(room, token.tokenId()).compose(isActive -> isActive
            ? Future.succeededFuture(ACTIVE)
            : store.place(room, token)))
        .compose(place -> switch (place.state()) {
          case ACTIVE -> Future.succeededFuture(holder);
          case WAITING -> Future.failedFuture(new ApiException(ErrorCode.QUEUE_NOT_ACTIVE, place.position() < 0
              ? "waiting in the pre-queue: the order is drawn when the sale opens"
              : "still waiting in the queue at position " + place.position()));
          case EXPIRED -> Future.failedFuture(new ApiException(ErrorCode.TOKEN_EXPIRED,
              "queue token is no longer active (paid, timed out or dropped); request a new one"));
        }, failure -> Future.failedFuture(unavailable(failure))));
  }

  @Override
  public Future<Void> requireRoom(Holder active, RoomTarget target) {
    if (active.concertId() == null) {
      return Future.succeededFuture(); // the service-wide room opens every concert
    }
    return scope.concertOf(target).compose(concert -> concert.isEmpty() || concert.get().equals(active.concertId())
        ? Future.<Void>succeededFuture()
        : Future.failedFuture(new ApiException(ErrorCode.QUEUE_NOT_ACTIVE,
            "this token was admitted by the waiting room of concert " + active.concertId()
                + ", not of concert " + concert.get())), failure -> Future.failedFuture(unavailable(failure)));
  }

  @Override
  public Future<Holder> requireIdentity(String authorization) {
    return verified(authorization, (token, holder) -> !signer.pastLifetime(token)
        ? Future.succeededFuture(holder)
        : rooms.room(token.concertId())
            .compose(room -> store.place(room, token))
            .compose(place -> place.state() == QueueState.EXPIRED
                ? Future.failedFuture(TokenSigner.expired())
                : Future.succeededFuture(holder),
                failure -> Future.failedFuture(ApiException.unavailable("the queue is unavailable; retry later"))));
  }

  /** {@code then} with the token, if its signature is genuine (no I/O); TOKEN_INVALID otherwise. */
  private Future<Holder> verified(String authorization, BiFunction<QueueToken, Holder, Future<Holder>> then) {
    QueueToken token;
    try {
      token = signer.verifyBearerSignature(authorization);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    return then.apply(token, new Holder(token.userId().toString(), token.tokenId(), token.concertId()));
  }

  private static Throwable unavailable(Throwable failure) {
    return failure instanceof ApiException ? failure : ApiException.unavailable("the queue is unavailable; retry later");
  }
}
