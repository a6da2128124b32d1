package dev.concert.queue;

import dev.concert.config.AppConfig;
import dev.concert.http.RoomRule;
import dev.concert.http.RoomTarget;
import dev.concert.http.TokenGate;
import dev.concert.identity.BuyerIdentity;
import dev.concert.identity.JwtIdentity;
import dev.concert.infra.PgClients;
import dev.concert.infra.RedisClients;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The gate in front of token-guarded operations. The signature is checked without I/O; the
 * ACTIVE gate then costs one Redis round trip for an active token (a small script), two for any
 * other (the full state script tells waiting from ended). The identity gate costs nothing for a
 * token issued less than the account grace ago (it cannot have ended longer ago than that), else
 * one (queue_account.lua: live, or ended within the grace), two for a token the room no longer knows.
 *
 * <p>A token's signed lifetime ({@link QueueToken#LIFETIME}) cannot know how long its user will
 * wait, so it never ends a token that is still live: while the queue holds it WAITING or ACTIVE
 * the token is valid whatever its age. An ended token reads its user's account for the account
 * grace ({@code CONCERT_TOKEN_ACCOUNT_GRACE_SECONDS}) after its end, and never past its lifetime.
 *
 * <p>With an identity provider configured, the identity gate also takes the provider's JWT (the
 * user is its {@code sub}; the holder has no token id). Operations that need the queue token itself
 * (its current state, its stream, paying) read it again and refuse a JWT as TOKEN_INVALID.
 *
 * <p>Rooms: a concert room's token opens its own concert only; a service-wide token opens every
 * concert that is not sold through its own room ({@link Room#ownRoom()}, cached per process).
 */
public final class QueueTokenGate implements TokenGate {
  private final TokenSigner signer;
  private final RedisQueueStore store;
  private final RoomCatalog rooms;
  private final RoomScope scope;
  private final ActiveCheck active;
  private final AccountCheck account;
  /** The identity provider's JWTs, or null when none is configured. */
  private final BuyerIdentity provider;

  /** What the fast path knows of an active token: only that it is. */
  private static final RedisQueueStore.Place ACTIVE = new RedisQueueStore.Place(QueueState.ACTIVE, 0, null, 0);

  QueueTokenGate(TokenSigner signer, RedisQueueStore store, ActiveCheck active, AccountCheck account, RoomCatalog rooms,
      RoomScope scope, BuyerIdentity provider) {
    this.signer = signer;
    this.store = store;
    this.active = active;
    this.account = account;
    this.rooms = rooms;
    this.scope = scope;
    this.provider = provider;
  }

  /** The gate of one verticle: its own pipelined Redis connection and its Postgres pool. */
  public static QueueTokenGate create(Vertx vertx, AppConfig config) {
    Pool pool = PgClients.pool(vertx, config);
    Redis redis = RedisClients.pipelined(vertx, config);
    return new QueueTokenGate(new TokenSigner(config.tokenSecret(), Clock.systemUTC()),
        new RedisQueueStore(redis, QueueVerticle.timing(config), new OpeningRanks(pool)), new ActiveCheck(redis),
        new AccountCheck(redis, config.tokenAccount().accountGraceMillis()), new RoomCatalog(pool, config),
        new RoomScope(pool), config.buyers().verifiedIdentity() ? JwtIdentity.create(vertx, config.buyers()) : null);
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
    return scope.concertOf(target).compose(concert -> {
      if (concert.isEmpty()) {
        return Future.<Void>succeededFuture(); // the operation answers 404
      }
      long concertId = concert.get();
      if (active.concertId() != null) {
        return unless(RoomRule.ofRoomToken(active.concertId(), concertId));
      }
      return rooms.room(concertId).compose(room -> unless(RoomRule.ofServiceWideToken(concertId, room.ownRoom())));
    }).recover(failure -> Future.failedFuture(unavailable(failure)));
  }

  /** Succeeds unless there is a {@code refusal}, which it fails with. */
  private static Future<Void> unless(Optional<ApiException> refusal) {
    return refusal.<Future<Void>>map(Future::failedFuture).orElseGet(Future::succeededFuture);
  }

  @Override
  public Future<Holder> requireIdentity(String authorization) {
    if (provider != null && isJwt(authorization)) {
      return provider.userOf(authorization, null).map(userId -> new Holder(userId, null, null));
    }
    return verified(authorization, (token, holder) -> signer.issuedWithin(token, account.graceMillis())
        // Issued less than the grace ago, so it cannot have ended longer ago than that: no I/O
        // (the common case during a sale; token polls and payments pass this gate).
        ? Future.succeededFuture(holder)
        : rooms.room(token.concertId())
            .compose(room -> account.check(room, token.tokenId()).compose(answer -> switch (answer) {
              case LIVE -> Future.succeededFuture(true);
              case IN_GRACE -> Future.succeededFuture(!signer.pastLifetime(token));
              case PAST_GRACE -> Future.succeededFuture(false);
              // Ended before the grace, or lost with Redis's data: the state script restores a lost live token.
              case UNKNOWN -> store.place(room, token).map(place -> place.state() != QueueState.EXPIRED);
            }))
            .compose(reads -> reads ? Future.succeededFuture(holder) : Future.failedFuture(endedTooLongAgo()),
                failure -> Future.failedFuture(ApiException.unavailable("the queue is unavailable; retry later"))));
  }

  /** A JWT has three dot-separated parts; a queue token two. */
  private static boolean isJwt(String authorization) {
    if (authorization == null) {
      return false;
    }
    int first = authorization.indexOf('.');
    return first > 0 && authorization.indexOf('.', first + 1) > first;
  }

  private static ApiException endedTooLongAgo() {
    return new ApiException(ErrorCode.TOKEN_EXPIRED,
        "queue token ended too long ago to read the account; sign in again or request a new queue token");
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
