package dev.concert.queue;

import dev.concert.metrics.DomainMetrics;
import io.vertx.core.Future;
import java.util.UUID;

/** Issuing tokens and telling a token's place. */
public final class QueueService {
  private final RedisQueueStore store;
  private final TokenSigner signer;
  private final AdmissionBudget budget;

  public QueueService(RedisQueueStore store, TokenSigner signer, AdmissionBudget budget) {
    this.store = store;
    this.signer = signer;
    this.budget = budget;
  }

  /** The user's live token (created=false) or a new one at the end of the line. */
  public Future<RedisQueueStore.Issued> issue(UUID userId) {
    QueueToken candidate = signer.newToken(userId);
    return store.issue(userId.toString(), candidate.tokenId(), signer.sign(candidate)).onSuccess(issued -> {
      if (issued.created()) {
        DomainMetrics.tokensIssued();
      }
    });
  }

  public Future<TokenStatus> current(String token) {
    // The gate in front has judged the token (a live one is valid whatever its age).
    QueueToken claims = signer.verifySignature(token);
    return store.place(claims.tokenId()).map(place -> status(token, claims.userId(), place));
  }

  public TokenStatus status(String token, UUID userId, RedisQueueStore.Place place) {
    long position = place.state() == QueueState.WAITING ? place.rank() + 1 : 0;
    return new TokenStatus(token, userId, place.state(), position, budget.estimatedWaitSeconds(position),
        place.activeUntil());
  }
}
