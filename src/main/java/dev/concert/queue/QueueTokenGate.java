package dev.concert.queue;

import dev.concert.config.AppConfig;
import dev.concert.http.TokenGate;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;

/** PLACEHOLDER until the queue feature lands: refuses every token. */
public final class QueueTokenGate implements TokenGate {
  public QueueTokenGate(AppConfig config, Redis redis) {}

  @Override
  public Future<String> requireActive(String authorization) {
    return Future.failedFuture(new ApiException(ErrorCode.TOKEN_INVALID, "queue tokens are not issued yet"));
  }

  @Override
  public Future<String> requireIdentity(String authorization) {
    return requireActive(authorization);
  }
}
