package dev.concert.queue;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The opening's documents as cacheable HTTP answers: a strong {@code ETag} of the stored bytes,
 * {@code 304} to a matching {@code If-None-Match}, and {@code Cache-Control} that lets caches keep
 * an opened room's pages for good (they never change) and the document before it for a second.
 */
final class OpeningResponse {
  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  static final String SHORT = "public, max-age=1";

  private OpeningResponse() {}

  /** {@code reply}: {@code {etag, immutable, body}} from {@link OpeningPublication}. */
  static void send(RoutingContext ctx, JsonObject reply) {
    String etag = reply.getString("etag");
    HttpServerResponse response = ctx.response()
        .putHeader("ETag", etag)
        .putHeader("Cache-Control", reply.getBoolean("immutable") ? IMMUTABLE : SHORT);
    if (matches(ctx.request().getHeader("If-None-Match"), etag)) {
      response.setStatusCode(304).end();
      return;
    }
    // One page (about 4 KB): what a slow reader can hold buffered is bounded by it.
    response.setStatusCode(200).putHeader("Content-Type", "application/json").end(reply.getBuffer("body"));
  }

  /** If-None-Match's weak comparison (RFC 9110 13.1.2): any listed tag, W/ or not, or {@code *}. */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
