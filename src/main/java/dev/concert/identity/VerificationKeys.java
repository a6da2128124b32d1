package dev.concert.identity;

import io.vertx.core.Future;
import io.vertx.ext.auth.jwt.JWTAuth;

/** The identity provider's public keys, as a verifier of its JWTs. */
interface VerificationKeys {
  /** The verifier of the keys known now. */
  Future<JWTAuth> current();

  /**
   * After a JWT named a key nobody knows: the verifier of freshly fetched keys, or empty if the
   * keys cannot change (a configured PEM) or were fetched too recently to ask again.
   */
  Future<JWTAuth> refreshedForUnknownKey();
}
