package dev.concert.infra;

import dev.concert.config.AppConfig;
import io.vertx.core.VertxOptions;

/** The Vert.x options of an instance, clustered or not. */
public final class VertxSettings {
  private VertxSettings() {}

  /**
   * One event loop per serving instance (not Vert.x's default of two per core): every loop then
   * runs one HTTP verticle and one of each feature, so a request can stay on its loop (see Bus).
   */
  public static VertxOptions options(AppConfig config) {
    return new VertxOptions().setEventLoopPoolSize(config.httpInstances());
  }
}
