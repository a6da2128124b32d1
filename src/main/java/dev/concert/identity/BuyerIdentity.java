package dev.concert.identity;

import io.vertx.core.Future;

/** Who is asking for a queue token: the user the token will name. */
public interface BuyerIdentity {
  /**
   * The buyer's user id (a UUID string), from the request's {@code Authorization} header and the
   * body's {@code userId} (either may be null); fails with a problem the client is told.
   */
  Future<String> userOf(String authorization, String bodyUserId);
}
