package dev.concert.queue;

import dev.concert.metrics.DomainMetrics;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** Issuing tokens in a room and telling a token's place. */
public final class QueueService {
  /** A token answer and whether the token is new. */
  public record Answer(boolean created, TokenStatus status, Room room) {}

  private final RedisQueueStore store;
  private final LineHeads lines;
  private final DueRooms dueRooms;
  private final TokenSigner signer;
  private final RoomCatalog rooms;

  QueueService(RedisQueueStore store, LineHeads lines, DueRooms dueRooms, TokenSigner signer, RoomCatalog rooms) {
    this.store = store;
    this.lines = lines;
    this.dueRooms = dueRooms;
    this.signer = signer;
    this.rooms = rooms;
  }

  /**
   * The user's live token in the room of {@code concertId} (null: service-wide), or a new one at the
   * end of the line (in the pre-queue before the opening). A new token puts its room on the
   * admission timer's list before the answer goes out.
   */
  public Future<Answer> issue(UUID userId, Long concertId) {
    return rooms.room(concertId).compose(room -> {
      if (room.closedAt(Instant.now())) {
        return Future.failedFuture(new ApiException(ErrorCode.SALES_CLOSED,
            "the sale of concert " + concertId + " closed at " + room.closesAt() + ": its room issues no more tokens"));
      }
      QueueToken candidate = signer.newToken(userId, concertId);
      return store.issue(room, userId.toString(), candidate.tokenId(), candidate.issuedAt().getEpochSecond())
          .compose(issued -> {
            QueueToken token = new QueueToken(issued.tokenId(), userId,
                java.time.Instant.ofEpochSecond(issued.issuedAtSeconds()), concertId, issued.seq());
            Answer answer = new Answer(issued.created(), status(signer.sign(token), token, room, issued.place()), room);
            if (!issued.created()) {
              return Future.succeededFuture(answer);
            }
            DomainMetrics.tokensIssued();
            return dueRooms.touch(room, room.opensAtMillis()).map(answer);
          });
    });
  }

  public Future<TokenStatus> current(String token) {
    // The gate in front has judged the token (a live one is valid whatever its age).
    QueueToken claims = signer.verifySignature(token);
    return rooms.room(claims.concertId()).compose(room ->
        store.place(room, claims).map(place -> status(token, claims, room, place)));
  }

  /**
   * What a queue stream needs: the token's status (as {@link #current}), its order in the line
   * ({@code order}, null when not in it) and its room's rate; read at connect and now and then.
   */
  public Future<JsonObject> watch(String token) {
    QueueToken claims = signer.verifySignature(token);
    return rooms.room(claims.concertId()).compose(room ->
        store.place(room, claims.tokenId(), claims.userId().toString()).compose(place ->
            lines.order(room, claims.tokenId()).map(order -> status(token, claims, room, place).toJson()
                .put("order", order).put("admitPerSecond", room.admitPerSecond()))));
  }

  /**
   * The head of the line of {@code concertId}'s room (null: service-wide), with the room's pause:
   * the live copy, which the admission obeys; without one, the room as last read.
   */
  Future<LineHeads.LineHead> head(Long concertId) {
    return rooms.room(concertId).compose(room -> lines.head(room).map(head -> head.pausedOr(room.paused())));
  }

  static TokenStatus status(String token, QueueToken claims, Room room, RedisQueueStore.Place place) {
    boolean known = place.state() != QueueState.WAITING || place.position() >= 0;
    boolean paused = room.paused() && place.state() == QueueState.WAITING;
    Long position = !known ? null : place.state() == QueueState.WAITING ? place.position() : 0L;
    Long estimate = position == null || paused ? null
        : place.state() == QueueState.WAITING
            ? WaitEstimate.seconds(position, room.admitPerSecond(), place.capWaitMillis()) : 0L;
    return new TokenStatus(token, claims.userId(), place.state(), position, estimate, place.activeUntil(),
        claims.concertId(), room.opensAt(), paused);
  }

  /** Seconds until the token at 1-based {@code position} is admitted, if slots free up at {@code rate}. */
  static long estimatedWaitSeconds(long position, int rate) {
    return position <= 0 ? 0 : (position + rate - 1) / rate;
  }
}
