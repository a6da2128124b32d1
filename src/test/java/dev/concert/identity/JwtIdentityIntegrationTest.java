package dev.concert.identity;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.concert.support.ContractResponses;
import dev.concert.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Queue tokens for the identity provider's users only: JWTs signed by keys the test makes up. */
class JwtIdentityIntegrationTest {
  private static final String ISSUER = "https://id.test.example";
  private static final String AUDIENCE = "concert-test";

  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(JwtIdentity.class);
  private TestApp app;
  private Vertx jwksVertx;

  @BeforeEach
  void captureLog() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void stop() {
    logger.detachAppender(lines);
    if (app != null) {
      app.close();
    }
    if (jwksVertx != null) {
      TestApp.await(jwksVertx.close());
    }
  }

  static Map<String, String> provider(String key, String value) {
    Map<String, String> env = new HashMap<>();
    env.put(key, value);
    env.put("CONCERT_AUTH_ISSUER", ISSUER);
    env.put("CONCERT_AUTH_AUDIENCE", AUDIENCE);
    return env;
  }

  static JsonObject claims(UUID user) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject().put("iss", ISSUER).put("aud", AUDIENCE).put("sub", user.toString())
        .put("iat", now).put("exp", now + 300);
  }

  private HttpResponse<Buffer> askToken(String jwt, JsonObject body) {
    HttpRequest<Buffer> request = app.client().post("/api/v1/queue/tokens").timeout(30_000);
    if (jwt != null) {
      request.putHeader("Authorization", "Bearer " + jwt);
    }
    return TestApp.await(request.sendJsonObject(body));
  }

  private void assertRefused(String jwt, JsonObject body, String reason) {
    int before = lines.list.size();
    HttpResponse<Buffer> response = askToken(jwt, body);
    assertThat(response.statusCode()).as(reason + ": " + response.bodyAsString()).isEqualTo(401);
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("TOKEN_INVALID");
    ContractResponses.load(app.vertx()).assertConforms("issueQueueToken", response);
    var logged = lines.list.subList(before, lines.list.size());
    assertThat(logged).as("one log line per refusal").hasSize(1);
    assertThat(logged.get(0).getFormattedMessage()).contains(reason);
    if (jwt != null) {
      assertThat(logged.get(0).getFormattedMessage()).doesNotContain(jwt);
      assertThat(response.bodyAsString()).doesNotContain(jwt);
    }
  }

  @Test
  void onlyAValidJwtOfTheProviderGetsAQueueTokenForItsSubject() {
    TestKeys keys = TestKeys.generate("k1");
    TestKeys stranger = TestKeys.generate("k1");
    app = TestApp.start(provider("CONCERT_AUTH_JWT_PUBLIC_KEY", keys.publicPem()));
    UUID user = UUID.randomUUID();
    long now = System.currentTimeMillis() / 1000;
    JsonObject none = new JsonObject();

    assertRefused(null, new JsonObject().put("userId", user.toString()), "jwt_missing");
    assertRefused("not.a.jwt", none, "jwt_malformed");
    assertRefused(keys.sign(claims(user).put("exp", now - 60)), none, "jwt_expired");
    assertRefused(keys.sign(claims(user).put("nbf", now + 120)), none, "jwt_not_yet_valid");
    assertRefused(stranger.sign(claims(user)), none, "jwt_signature");
    String genuine = keys.sign(claims(user));
    String[] parts = genuine.split("\\.");
    assertRefused(parts[0] + "." + TestKeys.segment(claims(UUID.randomUUID())) + "." + parts[2], none, "jwt_signature");
    assertRefused(keys.sign(claims(user).put("iss", "https://evil.example")), none, "jwt_issuer");
    assertRefused(keys.sign(claims(user).put("aud", "another-service")), none, "jwt_audience");
    assertRefused(TestKeys.unsigned(claims(user)), none, "jwt_algorithm");
    assertRefused(keys.hmacWithPublicKey(claims(user)), none, "jwt_signature");
    assertRefused(parts[0] + "." + parts[1], none, "jwt_signature");
    assertRefused(keys.sign(claims(user).put("sub", "alice")), none, "jwt_subject");
    assertRefused(keys.sign(claims(user).copy().put("exp", (Object) null)), none, "jwt_malformed");
    assertRefused(genuine, new JsonObject().put("userId", UUID.randomUUID().toString()), "jwt_user_mismatch");

    HttpResponse<Buffer> issued = askToken(genuine, none);
    assertThat(issued.statusCode()).as(issued.bodyAsString()).isEqualTo(201);
    assertThat(issued.bodyAsJsonObject().getString("userId")).isEqualTo(user.toString());
    HttpResponse<Buffer> again = askToken(keys.sign(claims(user).put("aud", new JsonArray().add("x").add(AUDIENCE))),
        new JsonObject().put("userId", user.toString()));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getString("token")).isEqualTo(issued.bodyAsJsonObject().getString("token"));

    String metrics = app.operatorGet("/metrics").bodyAsString();
    assertThat(metrics).containsPattern("concert_buyer_refusals_total\\{reason=\"jwt_expired\"} [1-9]");
  }

  /** Serves {@code published} as the provider's key set, counting the fetches; its URI. */
  private String serveKeySet(AtomicReference<JsonArray> published, AtomicInteger fetches) {
    jwksVertx = Vertx.vertx();
    HttpServer server = TestApp.await(jwksVertx.createHttpServer().requestHandler(request -> {
      fetches.incrementAndGet();
      request.response().putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("keys", published.get()).encode());
    }).listen(0, "127.0.0.1"));
    return "http://127.0.0.1:" + server.actualPort() + "/jwks.json";
  }

  @Test
  void keysComeFromTheProvidersKeySetAndARotationIsPickedUp() {
    TestKeys first = TestKeys.generate("key-1");
    TestKeys second = TestKeys.generate("key-2");
    AtomicReference<JsonArray> published = new AtomicReference<>(new JsonArray().add(first.jwk()));
    AtomicInteger fetches = new AtomicInteger();
    app = TestApp.start(provider("CONCERT_AUTH_JWKS_URI", serveKeySet(published, fetches)));

    UUID user = UUID.randomUUID();
    assertThat(askToken(first.sign(claims(user)), new JsonObject()).statusCode()).isEqualTo(201);
    int afterFirst = fetches.get();
    assertThat(afterFirst).isPositive();
    assertThat(askToken(first.sign(claims(user)), new JsonObject()).statusCode()).as("cached keys").isEqualTo(200);
    assertThat(fetches.get()).isEqualTo(afterFirst);

    // The provider rotates: key-2 replaces key-1. A JWT naming key-2 makes the service fetch again.
    published.set(new JsonArray().add(second.jwk()));
    UUID other = UUID.randomUUID();
    TestApp.awaitCondition(() -> askToken(second.sign(claims(other)), new JsonObject()).statusCode() == 201,
        "a JWT of the rotated key to be accepted");
    assertThat(fetches.get()).isGreaterThan(afterFirst);
    assertRefused(first.sign(claims(user)), new JsonObject(), "jwt_signature");
  }

  @Test
  void keysTheLibraryCannotUseAreSkippedAndLoggedAndTheOthersStillVerify() {
    TestKeys good = TestKeys.generate("good");
    JsonObject tinyRsa = good.jwk().put("kid", "tiny").put("n", "AQAB");
    JsonObject oldCurve = new JsonObject().put("kty", "EC").put("kid", "p192").put("alg", "ES256")
        .put("crv", "P-192").put("x", "AQAB").put("y", "AQAB");
    JsonObject numberType = good.jwk().put("kid", "typed").put("kty", 5);
    JsonObject encryption = good.jwk().put("kid", "enc").put("use", "enc");
    JsonArray keySet = new JsonArray().add("not a key").add(tinyRsa).add(oldCurve).add(numberType).add(encryption)
        .add(good.jwk());
    ListAppender<ILoggingEvent> keyLines = new ListAppender<>();
    Logger keyLogger = (Logger) LoggerFactory.getLogger(JwksKeys.class);
    keyLines.start();
    keyLogger.addAppender(keyLines);
    try {
      app = TestApp.start(provider("CONCERT_AUTH_JWKS_URI", serveKeySet(new AtomicReference<>(keySet), new AtomicInteger())));
      HttpResponse<Buffer> issued = askToken(good.sign(claims(UUID.randomUUID())), new JsonObject());
      assertThat(issued.statusCode()).as(issued.bodyAsString()).isEqualTo(201);
    } finally {
      keyLogger.detachAppender(keyLines);
    }
    assertThat(keyLines.list).anySatisfy(line -> assertThat(line.getFormattedMessage())
        .contains("1 signing key(s)", "#0: not a JSON object", "kid tiny", "kid p192", "crv P-192", "kid typed", "kid enc"));
  }

  @Test
  void aKeyRemovedFromTheSetIsNoLongerTrustedAfterTheNextRefresh() {
    TestKeys staying = TestKeys.generate("staying");
    TestKeys leaving = TestKeys.generate("leaving");
    AtomicReference<JsonArray> published = new AtomicReference<>(new JsonArray().add(staying.jwk()).add(leaving.jwk()));
    Map<String, String> env = provider("CONCERT_AUTH_JWKS_URI", serveKeySet(published, new AtomicInteger()));
    env.put("CONCERT_AUTH_JWKS_REFRESH_SECONDS", "1");
    app = TestApp.start(env);
    UUID user = UUID.randomUUID();
    assertThat(askToken(leaving.sign(claims(user)), new JsonObject()).statusCode()).isEqualTo(201);

    // The provider withdraws a key (say, compromised): within a refresh period it is refused.
    published.set(new JsonArray().add(staying.jwk()));
    TestApp.awaitCondition(() -> askToken(leaving.sign(claims(user)), new JsonObject()).statusCode() == 401,
        "the removed key to be refused");
    assertThat(askToken(staying.sign(claims(user)), new JsonObject()).statusCode()).isEqualTo(200);
  }

  @Test
  void withoutAProviderTheBodysUserIdIsBelieved() {
    app = TestApp.start();
    UUID user = UUID.randomUUID();
    HttpResponse<Buffer> issued = askToken(null, new JsonObject().put("userId", user.toString()));
    assertThat(issued.statusCode()).isEqualTo(201);
    assertThat(issued.bodyAsJsonObject().getString("userId")).isEqualTo(user.toString());
    HttpResponse<Buffer> nobody = askToken(null, new JsonObject());
    assertThat(nobody.statusCode()).isEqualTo(400);
    assertThat(nobody.bodyAsJsonObject().getString("code")).isEqualTo("VALIDATION_FAILED");
  }
}
