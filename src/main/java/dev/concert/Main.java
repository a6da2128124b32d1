package dev.concert;

import dev.concert.cluster.ClusterNode;
import dev.concert.cluster.GracefulShutdown;
import dev.concert.config.AppConfig;
import dev.concert.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the configuration from the environment and starts one instance (clustered when
 * {@code CONCERT_CLUSTER=true}); SIGTERM shuts it down gracefully and exits 0.
 */
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
    AtomicReference<Vertx> vertx = new AtomicReference<>();
    AtomicReference<Application> app = new AtomicReference<>();
    GracefulShutdown.install(() -> {
      if (app.get() != null) {
        return app.get().shutdown(config.shutdownGraceMillis());
      }
      return vertx.get() == null ? Future.succeededFuture() : vertx.get().close();
    }, config.shutdownGraceMillis());
    ClusterNode.start(config)
        .onSuccess(started -> {
          vertx.set(started);
          if (config.cluster()) {
            LOG.info("joined cluster {}: {}", config.clusterName(), dev.concert.cluster.ClusterHealth.view(started).getInteger("size") + " member(s)");
          }
        })
        .compose(started -> Application.start(started, config))
        .onSuccess(app::set)
        .onFailure(failure -> {
          LOG.error("start-up failed: {}", failure.toString(), failure);
          Vertx started = vertx.get();
          (started == null ? Future.<Void>succeededFuture() : started.close()).onComplete(closed -> System.exit(1));
        });
  }
}
