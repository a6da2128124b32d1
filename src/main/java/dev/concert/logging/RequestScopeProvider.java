package dev.concert.logging;

import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;

/**
 * Loaded by Vert.x (META-INF/services) while it builds every instance, before the instance sizes
 * its context-local storage: touching {@link RequestScope} here registers its local in time, even
 * for a Vert.x built by code that never heard of it (tests, tools).
 */
public final class RequestScopeProvider implements VertxServiceProvider {
  static {
    RequestScope.LOCAL.getClass();
  }

  @Override
  public void init(VertxBootstrap bootstrap) {
    // nothing: the class initialisation above is the point
  }
}
