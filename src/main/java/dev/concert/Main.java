package dev.concert;

import dev.concert.config.AppConfig;
import dev.concert.config.ConfigException;
import dev.concert.metrics.MetricsSetup;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the configuration from the environment and starts one instance. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    AppConfig config;
    try {
      config = AppConfig.fromEnvironment();
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (config.cluster()) {
      System.err.println("CONCERT_CLUSTER=true: clustering is not available in this build yet");
      System.exit(2);
    }
    Vertx vertx = MetricsSetup.vertx(config);
    Application.start(vertx, config).onFailure(failure -> {
      LOG.error("start-up failed: {}", failure.toString(), failure);
      vertx.close().onComplete(closed -> System.exit(1));
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("shutting down");
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }, "shutdown"));
  }
}
