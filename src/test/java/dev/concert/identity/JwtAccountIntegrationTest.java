package dev.concert.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.Shop;
import dev.concert.support.TestApp;
import dev.concert.support.TestAppExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The identity provider's JWT reads and works the account without any queue token. */
class JwtAccountIntegrationTest {
  @RegisterExtension
  final TestAppExtension apps = new TestAppExtension();
  private TestApp app;

  private HttpResponse<Buffer> call(HttpMethod method, String path, String bearer, JsonObject body) {
    return app.callAndWait(method, path, bearer, body);
  }

  private static void assertCode(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo(code);
  }

  @Test
  void theProvidersJwtOpensTheAccountEndpointsOnly() {
    TestKeys keys = TestKeys.generate("account-key");
    app = apps.start(JwtIdentityIntegrationTest.provider("CONCERT_AUTH_JWT_PUBLIC_KEY", keys.publicPem()));
    UUID userId = UUID.randomUUID();
    String jwt = keys.sign(JwtIdentityIntegrationTest.claims(userId));

    // A purchase made with a queue token issued for the JWT's user.
    Shop shop = new Shop(app);
    long schedule = shop.schedule(10, 1000, Duration.ofDays(30));
    HttpResponse<Buffer> issued = TestApp.await(app.client().post("/api/v1/queue/tokens")
        .putHeader("Authorization", "Bearer " + jwt).sendJsonObject(new JsonObject()));
    assertThat(issued.statusCode()).as(issued.bodyAsString()).isEqualTo(201);
    TestApp.ActiveUser buyer = new TestApp.ActiveUser(userId, issued.bodyAsJsonObject().getString("token"));
    TestApp.awaitCondition(() -> "ACTIVE".equals(app.status(buyer)), "the buyer's token to be admitted");
    shop.charge(buyer, 5_000);
    String reservation = shop.hold(buyer, schedule, List.of(1));
    shop.pay(buyer, reservation);

    // The JWT alone: balance, charge, ledger, reservations, one reservation (with its ticket), refund.
    assertThat(call(HttpMethod.GET, "/api/v1/balance", jwt, null).bodyAsJsonObject().getLong("balance"))
        .isEqualTo(4_000);
    assertThat(TestApp.await(app.call(HttpMethod.POST, "/api/v1/balance/charge", jwt, null,
        new JsonObject().put("amount", 500))).statusCode()).isEqualTo(200);
    assertThat(call(HttpMethod.GET, "/api/v1/balance/transactions", jwt, null).bodyAsJsonObject()
        .getJsonArray("items")).hasSize(3);
    assertThat(call(HttpMethod.GET, "/api/v1/reservations", jwt, null).bodyAsJsonObject()
        .getJsonArray("items")).hasSize(1);
    HttpResponse<Buffer> one = call(HttpMethod.GET, "/api/v1/reservations/" + reservation, jwt, null);
    assertThat(one.statusCode()).as(one.bodyAsString()).isEqualTo(200);
    assertThat(one.bodyAsJsonObject().getString("status")).isEqualTo("PAID");
    HttpResponse<Buffer> refunded = TestApp.await(app.call(HttpMethod.POST,
        "/api/v1/reservations/" + reservation + "/refund", jwt, null, null));
    assertThat(refunded.statusCode()).as(refunded.bodyAsString()).isEqualTo(200);

    // Another user's reservation stays out of reach.
    String stranger = keys.sign(JwtIdentityIntegrationTest.claims(UUID.randomUUID()));
    assertThat(call(HttpMethod.GET, "/api/v1/reservations/" + reservation, stranger, null).statusCode()).isEqualTo(404);
    // The JWT is no queue token: neither the queue's own state nor the ACTIVE gate takes it.
    assertCode(call(HttpMethod.GET, "/api/v1/queue/tokens/current", jwt, null), 401, "TOKEN_INVALID");
    assertCode(call(HttpMethod.GET, "/api/v1/queue/tokens/current/events", jwt, null), 401, "TOKEN_INVALID");
    assertCode(TestApp.await(app.call(HttpMethod.POST, "/api/v1/payments", jwt, null,
        new JsonObject().put("reservationId", reservation))), 401, "TOKEN_INVALID");
    assertCode(call(HttpMethod.GET, "/api/v1/schedules/" + schedule + "/seats", jwt, null), 401, "TOKEN_INVALID");
    // A JWT the provider did not sign opens nothing.
    assertCode(call(HttpMethod.GET, "/api/v1/balance", TestKeys.generate("other").sign(
        JwtIdentityIntegrationTest.claims(userId)), null), 401, "TOKEN_INVALID");
  }

  @Test
  void withoutAProviderAJwtOpensNothing() {
    TestKeys keys = TestKeys.generate("unused");
    app = apps.start();
    String jwt = keys.sign(JwtIdentityIntegrationTest.claims(UUID.randomUUID()));
    assertCode(call(HttpMethod.GET, "/api/v1/balance", jwt, null), 401, "TOKEN_INVALID");
  }
}
