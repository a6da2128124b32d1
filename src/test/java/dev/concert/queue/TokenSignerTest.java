package dev.concert.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TokenSignerTest {
  private static final String SECRET = "unit-test-secret-0123456789";
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private final TokenSigner signer = new TokenSigner(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));
  private final UUID user = UUID.fromString("6a0f1d8e-4b8b-4c61-9a53-2d1f1f7c1a01");

  @Test
  void aSignedTokenVerifiesToItsClaims() {
    QueueToken token = signer.newToken(user);
    QueueToken verified = signer.verify(signer.sign(token));
    assertThat(verified).isEqualTo(token);
    assertThat(verified.userId()).isEqualTo(user);
  }

  @Test
  void aTamperedPayloadIsRefused() {
    String token = signer.sign(signer.newToken(user));
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
    String otherUser = payload.replace(user.toString(), UUID.randomUUID().toString());
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(otherUser.getBytes(StandardCharsets.UTF_8))
        + "." + parts[1];
    assertRefused(forged, ErrorCode.TOKEN_INVALID);
  }

  @Test
  void aTamperedSignatureIsRefused() {
    String token = signer.sign(signer.newToken(user));
    char last = token.charAt(token.length() - 1);
    assertRefused(token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A'), ErrorCode.TOKEN_INVALID);
    char first = token.charAt(token.indexOf('.') + 1);
    assertRefused(token.replace("." + first, "." + (first == 'A' ? 'B' : 'A')), ErrorCode.TOKEN_INVALID);
  }

  @Test
  void onlyTheCanonicalSpellingIsAccepted() {
    // 32 MAC bytes take 43 base64 characters; the last one carries 2 spare bits a lenient decoder ignores.
    for (int i = 0; i < 50; i++) {
      String token = signer.sign(signer.newToken(UUID.randomUUID()));
      char last = token.charAt(token.length() - 1);
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
      char sibling = alphabet.charAt(alphabet.indexOf(last) ^ 1);
      assertRefused(token.substring(0, token.length() - 1) + sibling, ErrorCode.TOKEN_INVALID);
    }
  }

  @Test
  void aTokenSignedWithAnotherSecretIsRefused() {
    TokenSigner other = new TokenSigner("another-secret-0123456789", Clock.fixed(NOW, ZoneOffset.UTC));
    assertRefused(other.sign(other.newToken(user)), ErrorCode.TOKEN_INVALID);
  }

  @Test
  void garbageIsRefused() {
    for (String garbage : new String[] {"", "abc", "a.b.c", "!!!.???", ".", "x".repeat(600)}) {
      assertRefused(garbage, ErrorCode.TOKEN_INVALID);
    }
    assertThatThrownBy(() -> signer.verify(null)).isInstanceOf(ApiException.class);
  }

  @Test
  void aTokenPastItsLifetimeIsExpired() {
    String token = signer.sign(signer.newToken(user));
    TokenSigner tomorrow = new TokenSigner(SECRET, Clock.fixed(NOW.plus(Duration.ofHours(24)), ZoneOffset.UTC));
    assertThatThrownBy(() -> tomorrow.verify(token))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_EXPIRED));
    TokenSigner almost = new TokenSigner(SECRET, Clock.fixed(NOW.plus(Duration.ofHours(24)).minusSeconds(1), ZoneOffset.UTC));
    assertThat(almost.verify(token).userId()).isEqualTo(user);
  }

  @Test
  void bearerHeaderIsRequired() {
    String token = signer.sign(signer.newToken(user));
    assertThat(signer.verifyBearer("Bearer " + token).userId()).isEqualTo(user);
    assertThat(signer.verifyBearer("bearer " + token).userId()).isEqualTo(user);
    assertThatThrownBy(() -> signer.verifyBearer(token)).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> signer.verifyBearer(null)).isInstanceOf(ApiException.class);
  }

  private void assertRefused(String token, ErrorCode code) {
    assertThatThrownBy(() -> signer.verify(token))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
