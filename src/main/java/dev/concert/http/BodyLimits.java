package dev.concert.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.HashMap;
import java.util.Map;

/**
 * The request body limit: CONCERT_HTTP_BODY_LIMIT for every operation, except those whose
 * {@code openapi.yaml} entry names a larger one ({@code x-max-body-bytes}; a venue's layout takes up
 * to 1 MB). Only operations on paths without parameters may name one: the path is matched as it is.
 */
final class BodyLimits {
  static final String EXTENSION = "x-max-body-bytes";

  private BodyLimits() {}

  static Handler<RoutingContext> of(OpenAPIContract contract, int defaultLimit) {
    BodyHandler standard = BodyHandler.create(false).setBodyLimit(defaultLimit);
    Map<String, BodyHandler> larger = new HashMap<>();
    for (Operation operation : contract.operations()) {
      Object limit = operation.getExtensions().get(EXTENSION);
      if (limit instanceof Number bytes) {
        String path = operation.getOpenAPIPath();
        if (path.contains("{")) {
          throw new IllegalStateException(EXTENSION + " on a path with parameters: " + path);
        }
        larger.put(operation.getHttpMethod().name() + " " + path, BodyHandler.create(false)
            .setBodyLimit(Math.max(defaultLimit, bytes.longValue())));
      }
    }
    return ctx -> {
      BodyHandler handler = larger.isEmpty() ? null
          : larger.get(ctx.request().method().name() + " " + ctx.normalizedPath());
      (handler == null ? standard : handler).handle(ctx);
    };
  }
}
