package dev.concert.http;

import io.vertx.core.Future;

/**
 * Resolves the user of a request from its {@code Authorization: Bearer} queue token, or fails with
 * the problem API.md prescribes. Implemented by the queue feature.
 */
public interface TokenGate {
  /** ACTIVE gate: TOKEN_INVALID, TOKEN_EXPIRED or QUEUE_NOT_ACTIVE unless the token is active. */
  Future<String> requireActive(String authorization);

  /**
   * The room half of the ACTIVE gate: a concert room's token acts on its own concert only
   * (QUEUE_NOT_ACTIVE otherwise); a service-wide token on any. Run after {@link #requireActive}.
   */
  Future<Void> requireRoom(String authorization, RoomTarget target);

  /** Identity gate: any genuine token of the user within its lifetime, whatever its state. */
  Future<String> requireIdentity(String authorization);

  /** The id of a genuine token (no I/O): what a payment records so that one token pays once. */
  String tokenId(String authorization);
}
