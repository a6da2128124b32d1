package dev.concert.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.TestApp;
import dev.concert.support.TestAppExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The signed lifetime cannot know how long a user waits: a token the queue still holds (waiting
 * or active) is never refused as TOKEN_EXPIRED, whatever its age; an ended one past its lifetime is.
 */
class TokenLifetimeIntegrationTest {
  @RegisterExtension
  final TestAppExtension apps = new TestAppExtension();
  private TestApp app;


  @Test
  void aLiveTokenOlderThanItsLifetimeStillWorksAndAnEndedOneDoesNot() {
    // Nobody is admitted: the token waits (the queue keeps returning it) far past its lifetime.
    app = apps.start(Map.of("CONCERT_QUEUE_ADMIT_PER_SECOND", "1", "CONCERT_QUEUE_MAX_ACTIVE", "1"));
    app.activeUser(); // takes the only active slot
    UUID userId = UUID.randomUUID();
    JsonObject issued = app.issueToken(userId);
    assertThat(issued.getString("status")).isEqualTo("WAITING");
    String old = agedTwin(issued.getString("token"), Duration.ofHours(25));

    HttpResponse<Buffer> current = app.callAndWait(HttpMethod.GET, "/api/v1/queue/tokens/current", old, null);
    assertThat(current.statusCode()).as(current.bodyAsString()).isEqualTo(200);
    assertThat(current.bodyAsJsonObject().getString("status")).isEqualTo("WAITING");
    assertThat(app.callAndWait(HttpMethod.GET, "/api/v1/balance", old, null).statusCode()).isEqualTo(200);
    // The ACTIVE gate says what the queue says: waiting, not expired.
    assertThat(app.callAndWait(HttpMethod.GET, "/api/v1/schedules/1/seats", old, null)
        .bodyAsJsonObject().getString("code")).isEqualTo("QUEUE_NOT_ACTIVE");

    // Once the queue no longer holds it, the lifetime applies.
    String unknownToTheQueue = new TokenSigner(TestApp.TOKEN_SECRET, Clock.offset(Clock.systemUTC(), Duration.ofHours(-25)))
        .sign(new QueueToken(UUID.randomUUID().toString(), userId,
            Instant.now().minus(Duration.ofHours(25)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    HttpResponse<Buffer> ended = app.callAndWait(HttpMethod.GET, "/api/v1/balance", unknownToTheQueue, null);
    assertThat(ended.statusCode()).isEqualTo(401);
    assertThat(ended.bodyAsJsonObject().getString("code")).isEqualTo("TOKEN_EXPIRED");
  }

  /** The same token (same id and user, so the same place in the queue) as if issued {@code age} ago. */
  private static String agedTwin(String token, Duration age) {
    TokenSigner signer = new TokenSigner(TestApp.TOKEN_SECRET, Clock.fixed(Instant.now().plus(age), ZoneOffset.UTC));
    QueueToken claims = signer.verifySignature(token);
    return signer.sign(new QueueToken(claims.tokenId(), claims.userId(), claims.issuedAt().minus(age)));
  }
}
