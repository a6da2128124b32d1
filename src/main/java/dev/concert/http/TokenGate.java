package dev.concert.http;

import io.vertx.core.Future;

/**
 * Resolves the user of a request from its {@code Authorization: Bearer} queue token (or, on the
 * identity gate, the identity provider's JWT), or fails with the problem docs/contract.md prescribes. Implemented by
 * the queue feature.
 */
public interface TokenGate {
  /**
   * What a genuine token says of its holder: the user, the token's id (what a payment records so
   * that one token pays once) and the concert whose room issued it (null: the service-wide room).
   * Both are null for an identity provider's JWT.
   * The gates hand it on, so the signature is checked once per gate, not again by each step after.
   */
  record Holder(String userId, String tokenId, Long concertId) {}

  /** ACTIVE gate: TOKEN_INVALID, TOKEN_EXPIRED or QUEUE_NOT_ACTIVE unless the token is active. */
  Future<Holder> requireActive(String authorization);

  /**
   * The room half of the ACTIVE gate: a concert room's token acts on its own concert only
   * (QUEUE_NOT_ACTIVE otherwise); a service-wide token on any concert not sold through its own
   * room. Run after {@link #requireActive} with what it answered.
   */
  Future<Void> requireRoom(Holder active, RoomTarget target);

  /**
   * Identity gate: a live queue token of the user, or one ended within the account grace (never
   * past its signed lifetime); with an identity provider configured, also the provider's JWT.
   */
  Future<Holder> requireIdentity(String authorization);
}
