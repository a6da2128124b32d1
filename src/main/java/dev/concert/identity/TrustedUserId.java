package dev.concert.identity;

import dev.concert.shared.ApiException;
import io.vertx.core.Future;

/** Development: no identity provider is configured, so the body's userId is believed (start-up warns). */
public final class TrustedUserId implements BuyerIdentity {
  @Override
  public Future<String> userOf(String authorization, String bodyUserId) {
    return bodyUserId == null
        ? Future.failedFuture(ApiException.invalid("userId is required"))
        : Future.succeededFuture(bodyUserId);
  }
}
