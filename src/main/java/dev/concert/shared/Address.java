package dev.concert.shared;

import io.vertx.core.buffer.Buffer;

/**
 * A feature's address on the bus with the types of its request and reply, so that the sender and
 * the server cannot disagree on them.
 *
 * @param replyType a {@link Buffer} reply is JSON text rendered by the feature (the HTTP body as is)
 */
public record Address<Q, R>(String name, Class<R> replyType) {
  public static <Q, R> Address<Q, R> of(String name, Class<Q> requestType, Class<R> replyType) {
    return new Address<>(name, replyType);
  }

  boolean rendered() {
    return replyType == Buffer.class;
  }
}
