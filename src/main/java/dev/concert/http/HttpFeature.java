package dev.concert.http;

import io.vertx.core.Vertx;

/**
 * A feature's HTTP side: binds its operations of {@code openapi.yaml} (usually forwarding them over
 * the event bus) and may add a readiness check. The HTTP edge is given its features (each feature
 * module's, see {@code app.Modules}), so that {@code http} depends on no feature; features depend on {@code http}.
 */
@FunctionalInterface
public interface HttpFeature {
  void register(Routes routes, HealthApi health, Vertx vertx);
}
