package dev.concert.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OutcomeTest {
  @Test
  void aSuccessIsStoredAsItsBody() {
    Outcome outcome = Outcome.success(201, new JsonObject().put("paymentId", "p1"));
    Outcome replayed = Outcome.fromStored(outcome.status(), outcome.toStored());
    assertThat(replayed.succeeded()).isTrue();
    assertThat(replayed.status()).isEqualTo(201);
    assertThat(replayed.body()).isEqualTo(new JsonObject().put("paymentId", "p1"));
  }

  @Test
  void aProblemIsStoredAsCodeAndDetailAndReplaysTheSame() {
    Outcome outcome = Outcome.failure(new ApiException(ErrorCode.INSUFFICIENT_BALANCE, "the balance does not cover 50000"));
    assertThat(outcome.status()).isEqualTo(402);
    Outcome replayed = Outcome.fromStored(outcome.status(), outcome.toStored());
    assertThat(replayed.succeeded()).isFalse();
    assertThat(replayed.problem().code()).isEqualTo(ErrorCode.INSUFFICIENT_BALANCE);
    assertThat(replayed.problem().detail()).isEqualTo("the balance does not cover 50000");
  }

  @Test
  void fingerprintsTellRequestsApart() {
    UUID user = UUID.randomUUID();
    var a = IdempotencyKeys.Keyed.of(user, "k", "charge", "1000");
    assertThat(IdempotencyKeys.Keyed.of(user, "k", "charge", "1000").fingerprint()).isEqualTo(a.fingerprint());
    assertThat(IdempotencyKeys.Keyed.of(user, "k", "charge", "1001").fingerprint()).isNotEqualTo(a.fingerprint());
    assertThat(IdempotencyKeys.Keyed.of(user, "k", "pay", "1000").fingerprint()).isNotEqualTo(a.fingerprint());
  }
}
