package dev.concert.queue;

import dev.concert.shared.Address;
import dev.concert.shared.BusMessage;
import io.vertx.core.json.JsonObject;

/**
 * What the HTTP side (and payment, which ends the token that paid) and {@link QueueVerticle} say to
 * each other; the JsonObject replies are the HTTP (or stream event) bodies as is.
 */
public final class QueueMessages {
  private QueueMessages() {}

  /** A token for {@code userId} in the room of {@code concertId} (null: the service-wide room). */
  public record Issue(String userId, Long concertId) implements BusMessage {}

  /** {@code created}: a new token (201), else the user's live one (200); {@code status}: the body. */
  public record Issued(boolean created, JsonObject status) implements BusMessage {}

  /** About the queue token {@code token} (the signed text). */
  public record Token(String token) implements BusMessage {}

  /** The opening's published order of {@code concertId}, one page of it. */
  public record Opening(long concertId, int page) implements BusMessage {}

  /**
   * End {@code tokenId} of {@code userId}, the token that paid for {@code scheduleId}. A message
   * of an older version without {@code tokenId} ends whichever token the user holds.
   */
  public record EndToken(String userId, String tokenId, Long scheduleId) implements BusMessage {}

  public record Ended(boolean ended) implements BusMessage {}

  /** The head of the line of {@code concertId}'s room (null: service-wide). */
  record Head(Long concertId) implements BusMessage {}

  public static final Address<Issue, Issued> ISSUE = Address.of("queue.issue", Issue.class, Issued.class);
  public static final Address<Token, JsonObject> CURRENT = Address.of("queue.current", Token.class, JsonObject.class);
  public static final Address<EndToken, Ended> END_TOKEN = Address.of("queue.end-token", EndToken.class, Ended.class);
  public static final Address<Opening, JsonObject> OPENING = Address.of("queue.opening", Opening.class, JsonObject.class);
  /** What a queue stream needs: the token's status, its order in the line and its room's rate. */
  static final Address<Token, JsonObject> WATCH = Address.of("queue.watch", Token.class, JsonObject.class);
  /** Once per room per tick, by the queue streams. */
  static final Address<Head, LineHeads.LineHead> HEAD = Address.of("queue.head", Head.class, LineHeads.LineHead.class);
}
