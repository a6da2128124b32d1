package dev.concert.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The buyer's page is served beside the API, from the class path, with a strict content policy. */
class BuyerPageIntegrationTest {
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void thePageIsServedAtTheRootWithAPolicyThatAllowsOnlyItsOwnOrigin() {
    HttpResponse<Buffer> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.getHeader("Content-Security-Policy")).contains("default-src 'self'", "script-src 'self'");
    assertThat(page.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(page.bodyAsString()).contains("<script type=\"module\" src=\"/app/app.js\"></script>", "id=\"seat-grid\"");
  }

  @Test
  void itsScriptsStylesAndTheVendoredQrLibraryAreServedWithTheirTypes() {
    HttpResponse<Buffer> script = get("/app/app.js");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.getHeader("Content-Type")).contains("javascript");
    assertThat(get("/app/app.css").getHeader("Content-Type")).startsWith("text/css");
    HttpResponse<Buffer> qr = get("/app/vendor/qrcode-generator-2.0.4.js");
    assertThat(qr.statusCode()).isEqualTo(200);
    assertThat(qr.bodyAsString()).contains("Copyright (c) 2009 Kazuhiko Arase", "Licensed under the MIT license");
  }

  @Test
  void nothingElseOfTheClassPathIsReachableThroughIt() {
    assertThat(get("/app/missing.js").statusCode()).isEqualTo(404);
    assertThat(get("/app/../logback.xml").statusCode()).isEqualTo(404);
    assertThat(get("/app/%2e%2e/logback.xml").statusCode()).isEqualTo(404);
    assertThat(get("/app/..%2flogback.xml").statusCode()).isEqualTo(404);
  }

  @Test
  void theApiAnswersAsBefore() {
    HttpResponse<Buffer> concerts = get("/api/v1/concerts");
    assertThat(concerts.statusCode()).isEqualTo(200);
    assertThat(concerts.bodyAsJsonObject().getJsonArray("items")).isNotNull();
    assertThat(get("/api/v1/nowhere").getHeader("Content-Type")).isEqualTo("application/problem+json");
  }

  private static HttpResponse<Buffer> get(String path) {
    return app.callAndWait(HttpMethod.GET, path, null, null);
  }
}
