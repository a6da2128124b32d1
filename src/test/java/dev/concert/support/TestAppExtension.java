package dev.concert.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts in-process instances for a test and stops them after it, whatever happened:
 * {@code @RegisterExtension final TestAppExtension apps = new TestAppExtension();} then
 * {@code TestApp app = apps.start(overrides);}. Replaces each class's own start/stop.
 */
public final class TestAppExtension implements AfterEachCallback {
  private final List<TestApp> started = new ArrayList<>();

  /** Resets Postgres and Redis and starts the service (test defaults, {@code overrides} win). */
  public TestApp start(Map<String, String> overrides) {
    return track(TestApp.start(overrides));
  }

  public TestApp start() {
    return start(Map.of());
  }

  /** Starts another instance on the existing data (no reset). */
  public TestApp resume(dev.concert.config.AppConfig config) {
    return track(TestApp.resume(config));
  }

  private TestApp track(TestApp app) {
    started.add(app);
    return app;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    RuntimeException failure = null;
    for (TestApp app : started) {
      try {
        app.close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    started.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
