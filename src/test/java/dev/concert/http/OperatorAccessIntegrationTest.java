package dev.concert.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.Ports;
import dev.concert.support.TestApp;
import dev.concert.support.TestAppExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The public sees readiness as UP/DOWN per dependency; details, cluster members and metrics are
 * for operators: the Admin-Key on the public port, or the management port without it.
 */
class OperatorAccessIntegrationTest {
  @RegisterExtension
  final TestAppExtension apps = new TestAppExtension();
  private TestApp app;


  @Test
  void thePublicSeesOnlyUpOrDownAndOperatorsSeeTheRest() {
    int management = Ports.free();
    app = apps.start(Map.of("CONCERT_MANAGEMENT_PORT", Integer.toString(management)));

    HttpResponse<Buffer> ready = app.callAndWait(HttpMethod.GET, "/health/ready", null, null);
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonObject checks = ready.bodyAsJsonObject().getJsonObject("checks");
    assertThat(checks.fieldNames()).contains("postgres", "redis", "outbox");
    checks.forEach(check -> assertThat(((JsonObject) check.getValue()).fieldNames())
        .as(check.getKey()).containsExactly("status"));
    // Operators see the details (here the outbox's backlog and relay state).
    assertThat(app.operatorGet("/health/ready").bodyAsJsonObject().getJsonObject("checks")
        .getJsonObject("outbox").containsKey("backlog")).isTrue();

    for (String path : new String[] {"/metrics", "/health/cluster"}) {
      HttpResponse<Buffer> anonymous = app.callAndWait(HttpMethod.GET, path, null, null);
      assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
      assertThat(anonymous.bodyAsJsonObject().getString("code")).isEqualTo("ADMIN_KEY_INVALID");
      HttpResponse<Buffer> wrongKey = TestApp.await(app.client().get(path).putHeader("Admin-Key", "guess").send());
      assertThat(wrongKey.statusCode()).as(path).isEqualTo(401);
      assertThat(app.operatorGet(path).statusCode()).as(path).isEqualTo(200);
    }

    // The management port serves the same to whoever reaches it: it is for a network only operators reach.
    WebClient operators = WebClient.create(app.vertx());
    HttpResponse<Buffer> metrics = TestApp.await(operators.get(management, "127.0.0.1", "/metrics").send());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.bodyAsString()).contains("http_server_requests");
    assertThat(TestApp.await(operators.get(management, "127.0.0.1", "/health/cluster").send()).statusCode()).isEqualTo(200);
    assertThat(TestApp.await(operators.get(management, "127.0.0.1", "/health/ready").send()).bodyAsJsonObject()
        .getJsonObject("checks").getJsonObject("outbox").containsKey("backlog")).isTrue();
  }

  @Test
  void withoutAnAdminKeyTheOperatorsEndpointsAreNotOnThePublicPort() {
    // Only development mode starts without an Admin-Key.
    app = apps.start(Map.of("CONCERT_DEV_MODE", "true", "CONCERT_ADMIN_KEY", ""));
    assertThat(app.callAndWait(HttpMethod.GET, "/metrics", null, null).statusCode()).isEqualTo(404);
    assertThat(app.callAndWait(HttpMethod.GET, "/health/cluster", null, null).statusCode()).isEqualTo(404);
    assertThat(app.callAndWait(HttpMethod.GET, "/health/ready", null, null).statusCode()).isEqualTo(200);
  }

}
