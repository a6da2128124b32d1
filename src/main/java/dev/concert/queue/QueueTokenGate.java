package dev.concert.queue;

import dev.concert.http.TokenGate;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import io.vertx.core.Future;

/**
 * The gate in front of token-guarded operations. The signature is checked without I/O; the
 * ACTIVE gate then costs one Redis round trip (one script), the identity gate none.
 *
 * <p>A token's signed lifetime ({@link QueueToken#LIFETIME}) cannot know how long its user will
 * wait, so it never ends a token that is still live: while the queue holds it WAITING or ACTIVE
 * the token is valid whatever its age (the ACTIVE gate asks the queue anyway; the identity gate
 * asks it only for a token past its lifetime, which is rare). The lifetime bounds what an ended
 * token still proves.
 */
public final class QueueTokenGate implements TokenGate {
  private final TokenSigner signer;
  private final RedisQueueStore store;

  public QueueTokenGate(TokenSigner signer, RedisQueueStore store) {
    this.signer = signer;
    this.store = store;
  }

  @Override
  public Future<String> requireActive(String authorization) {
    QueueToken token;
    try {
      token = signer.verifyBearerSignature(authorization);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    return store.place(token.tokenId()).compose(place -> switch (place.state()) {
      case ACTIVE -> Future.succeededFuture(token.userId().toString());
      case WAITING -> Future.failedFuture(new ApiException(ErrorCode.QUEUE_NOT_ACTIVE,
          "still waiting in the queue at position " + (place.rank() + 1)));
      case EXPIRED -> Future.failedFuture(new ApiException(ErrorCode.TOKEN_EXPIRED,
          "queue token is no longer active (paid, timed out or dropped); request a new one"));
    }, failure -> Future.failedFuture(ApiException.unavailable("the queue is unavailable; retry later")));
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
    return store.place(token.tokenId()).compose(place -> place.state() == QueueState.EXPIRED
        ? Future.failedFuture(TokenSigner.expired())
        : Future.succeededFuture(token.userId().toString()),
        failure -> Future.failedFuture(ApiException.unavailable("the queue is unavailable; retry later")));
  }

  @Override
  public String tokenId(String authorization) {
    return signer.verifyBearerSignature(authorization).tokenId();
  }
}
