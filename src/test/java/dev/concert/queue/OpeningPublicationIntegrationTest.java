package dev.concert.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The opening's publication: stored once, served in cacheable pages, verifiable. Real Redis and Postgres. */
class OpeningPublicationIntegrationTest {
  private TestApp app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private HttpResponse<Buffer> get(long concertId, Integer page, String ifNoneMatch) {
    var request = app.client().get("/api/v1/concerts/" + concertId + "/opening" + (page == null ? "" : "?page=" + page));
    if (ifNoneMatch != null) {
      request.putHeader("If-None-Match", ifNoneMatch);
    }
    return TestApp.await(request.send());
  }

  private static void assertNotModified(HttpResponse<Buffer> response, String etag, String cacheControl) {
    assertThat(response.statusCode()).isEqualTo(304);
    assertThat(response.getHeader("ETag")).isEqualTo(etag);
    assertThat(response.getHeader("Cache-Control")).isEqualTo(cacheControl);
    assertThat(response.body() == null || response.body().length() == 0).isTrue();
  }

  @Test
  void aBigPreQueuesOpeningIsStoredOnceAndServedInCacheableVerifiablePages() throws Exception {
    app = TestApp.start(Map.of("CONCERT_QUEUE_ADMIT_INTERVAL_MS", "100"));
    Instant opensAt = Instant.now().plusSeconds(3);
    long concertId = SalesOpeningIntegrationTest.createConcert(app, opensAt, 1000, 10).getLong("concertId");
    Room room = TestApp.await(new RoomCatalog(app.pool(), app.config()).room(concertId));

    // Before the opening: the commitment, a short cache, and 304 to its own ETag.
    HttpResponse<Buffer> before = get(concertId, null, null);
    assertThat(before.statusCode()).isEqualTo(200);
    assertThat(before.bodyAsJsonObject().getString("status")).isEqualTo("SCHEDULED");
    assertThat(before.getHeader("Cache-Control")).isEqualTo(OpeningResponse.SHORT);
    String commitment = before.bodyAsJsonObject().getString("commitment");
    assertNotModified(get(concertId, null, before.getHeader("ETag")), before.getHeader("ETag"), OpeningResponse.SHORT);
    assertThat(get(concertId, 2, null).statusCode()).as("no second page before the opening").isEqualTo(404);

    int n = 20_000;
    List<String> ids = OpeningDrawIntegrationTest.fillPreQueue(app, room, n);
    long renderedBefore = OpeningPages.rendered();
    TestApp.awaitCondition(() -> Instant.now().isAfter(opensAt), "the opening instant");
    TestApp.awaitCondition(() -> "OPENED".equals(get(concertId, null, null).bodyAsJsonObject().getString("status")),
        "the opening");

    HttpResponse<Buffer> first = get(concertId, null, null);
    JsonObject head = first.bodyAsJsonObject();
    int pages = head.getInteger("pages");
    assertThat(pages).isEqualTo(n / OpeningPages.PAGE_SIZE);
    assertThat(head.getInteger("preQueueSize")).isEqualTo(n);
    assertThat(first.getHeader("Cache-Control")).isEqualTo(OpeningResponse.IMMUTABLE);
    String etag = first.getHeader("ETag");
    assertThat(etag).startsWith("\"").endsWith("\"");
    assertThat(etag).as("strong, of the bytes served").isEqualTo(OpeningPages.etag(first.body()));
    assertNotModified(get(concertId, 1, etag), etag, OpeningResponse.IMMUTABLE);
    assertNotModified(get(concertId, 1, "\"other\", W/" + etag), etag, OpeningResponse.IMMUTABLE);
    assertThat(get(concertId, 1, "\"other\"").statusCode()).isEqualTo(200);

    // The content verifies: the seed is the one committed to, the pages together are the seed's order.
    byte[] seed = HexFormat.of().parseHex(head.getString("seed"));
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(seed))).isEqualTo(commitment);
    List<String> published = new ArrayList<>();
    for (int page = 1; page <= pages; page++) {
      JsonObject part = get(concertId, page, null).bodyAsJsonObject();
      assertThat(part.getInteger("firstPlace")).isEqualTo(published.size() + 1);
      part.getJsonArray("order").forEach(id -> published.add(id.toString()));
    }
    assertThat(published).isEqualTo(OpeningOrder.order(seed, ids));
    assertThat(get(concertId, pages + 1, null).statusCode()).isEqualTo(404);
    assertThat(get(concertId, 0, null).statusCode()).isEqualTo(400);
    Process check = new ProcessBuilder("python3", "scripts/verify_opening.py", "http://127.0.0.1:" + app.port(),
        Long.toString(concertId), "--commitment", commitment).redirectErrorStream(true).start();
    String checkOutput = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor()).as(checkOutput).isZero();
    assertThat(checkOutput).contains("ok: the order of all " + n + " pre-queued tokens follows from the seed");

    // Rendered once and stored: many more reads render nothing, and every page is a stored row.
    assertThat(OpeningPages.rendered() - renderedBefore).isEqualTo(pages);
    for (int i = 0; i < 100; i++) {
      assertThat(get(concertId, 1 + i % pages, null).statusCode()).isEqualTo(200);
    }
    assertThat(OpeningPages.rendered() - renderedBefore).isEqualTo(pages);
    assertThat(app.count("SELECT count(*) FROM concert_opening_pages WHERE concert_id = $1", concertId)).isEqualTo(pages);
  }
}
