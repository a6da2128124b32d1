package dev.concert.app;

import dev.concert.config.Role;
import dev.concert.http.HealthApi;
import dev.concert.http.Routes;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Supplier;

/**
 * One feature as an instance runs it: what it deploys where its role runs, what the HTTP edge binds
 * for it, and the instance-wide resources either needs. Each feature package has one; the
 * application lists them ({@code Application.modules}) and {@link Modules} runs the list.
 */
public interface FeatureModule {
  /** The role ({@code CONCERT_ROLES}) whose instances deploy this module's verticles. */
  Role role();

  /**
   * Opens what its verticles or routes share across the instance (a subscription, a copy of
   * state): after the migration, before any verticle of any module is deployed, one module after
   * another in list order. Runs on every instance: the module opens only what the instance's roles need.
   */
  default Future<Void> open(Vertx vertx) {
    return Future.succeededFuture();
  }

  /** Closes what {@link #open} opened: after the HTTP edge has drained, before Vert.x closes. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }

  /**
   * Its background jobs (timers, consumers, sweepers): one instance each per process, started
   * before its {@link #perEventLoop} verticles.
   */
  default List<Supplier<Deployable>> singletons() {
    return List.of();
  }

  /** Its request handlers: one instance each per event loop ({@code CONCERT_HTTP_INSTANCES}). */
  default List<Supplier<Deployable>> perEventLoop() {
    return List.of();
  }

  /**
   * Checks in front of operations (any module's): every HTTP verticle adds all modules' checks
   * before it binds any operation, since a check added after its operation is bound is never run.
   */
  default void checks(Routes routes, Vertx vertx) {}

  /**
   * Its operations and readiness checks: bound by every HTTP verticle, on every instance with the
   * {@code http} role, whichever instance runs the feature (requests go to it over the bus).
   */
  default void routes(Routes routes, HealthApi health, Vertx vertx) {}
}
