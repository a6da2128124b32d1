package dev.concert.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The buyer's page: plain HTML, CSS and JavaScript from {@code web/app} on the class path, beside
 * the contract's routes (it is not part of the API). {@code /} is the page, {@code /app/*} its
 * files. The page calls only the public API, from its own origin.
 */
public final class BuyerPage {
  private static final String ROOT = "web/app";
  // Only this origin's scripts and styles run; QR codes are drawn as SVG by the page's own code.
  private static final String POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
      + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private BuyerPage() {}

  public static void mount(Router router) {
    router.get("/").handler(ctx -> secure(ctx).putHeader("Content-Type", "text/html; charset=utf-8")
        .sendFile(ROOT + "/index.html"));
    router.get("/app/*").handler(ctx -> {
      secure(ctx);
      ctx.next();
    }).handler(StaticHandler.create(ROOT)
        // Small files that change with each release: revalidate rather than cache for a day.
        .setCachingEnabled(false)
        .setDirectoryListing(false)
        .setDefaultContentEncoding("UTF-8"));
  }

  private static io.vertx.core.http.HttpServerResponse secure(RoutingContext ctx) {
    return ctx.response()
        .putHeader("Content-Security-Policy", POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
  }
}
