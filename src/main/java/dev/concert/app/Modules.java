package dev.concert.app;

import dev.concert.config.AppConfig;
import dev.concert.http.HttpFeature;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Runs an instance's list of feature modules: opens, deploys, hands their routes to the HTTP edge, closes. */
public final class Modules {
  private final List<FeatureModule> modules;
  private final AppConfig config;

  public Modules(List<FeatureModule> modules, AppConfig config) {
    this.modules = List.copyOf(modules);
    this.config = config;
  }

  /** Every module's instance-wide resources, one module after another in list order. */
  public Future<Void> open(Vertx vertx) {
    Future<Void> opened = Future.succeededFuture();
    for (FeatureModule module : modules) {
      opened = opened.compose(previous -> module.open(vertx));
    }
    return opened;
  }

  /**
   * The verticles of the modules whose role this instance runs, all modules at once; within one,
   * its singletons first (the seat rebuild is done before this process serves holds).
   */
  public Future<Void> deploy(Vertx vertx) {
    DeploymentOptions perLoop = new DeploymentOptions().setInstances(config.httpInstances());
    return Future.all(modules.stream().filter(module -> config.runs(module.role()))
        .map(module -> deploy(vertx, module, perLoop)).toList()).mapEmpty();
  }

  private static Future<Void> deploy(Vertx vertx, FeatureModule module, DeploymentOptions perLoop) {
    return Future.all(module.singletons().stream().map(singleton -> vertx.deployVerticle(singleton.get())).toList())
        .compose(started -> Future.all(module.perEventLoop().stream()
            .map(verticle -> vertx.deployVerticle(verticle, perLoop)).toList()))
        .mapEmpty();
  }

  /** What the HTTP edge binds, in order: every module's checks, then every module's operations. */
  public List<HttpFeature> httpFeatures() {
    List<HttpFeature> features = new ArrayList<>();
    features.add((routes, health, vertx) -> modules.forEach(module -> module.checks(routes, vertx)));
    modules.forEach(module -> features.add(module::routes));
    return features;
  }

  /** Closes every module's resources in reverse list order; a failure does not keep the rest open. */
  public Future<Void> close() {
    Future<Void> closed = Future.succeededFuture();
    for (FeatureModule module : reversed()) {
      closed = closed.transform(previous -> module.close());
    }
    return closed;
  }

  private List<FeatureModule> reversed() {
    List<FeatureModule> reversed = new ArrayList<>(modules);
    Collections.reverse(reversed);
    return reversed;
  }
}
