package dev.concert.support;

import dev.concert.config.AppConfig;
import java.util.List;
import java.util.Map;

/**
 * Two in-process instances of the service on the same Postgres, Redis and Kafka (the first one
 * starts on a clean database and Redis, the second on what the first left), each on its own port.
 */
public final class TwoInstances implements AutoCloseable {
  private final TestApp first;
  private TestApp second;

  private TwoInstances(TestApp first) {
    this.first = first;
  }

  /** Starts both with the test defaults and {@code overrides}. */
  public static TwoInstances start(Map<String, String> overrides) {
    TwoInstances instances = new TwoInstances(TestApp.start(overrides));
    try {
      instances.second = TestApp.resume(AppConfig.from(TestApp.environment(overrides)));
      return instances;
    } catch (RuntimeException e) {
      instances.close();
      throw e;
    }
  }

  public TestApp first() {
    return first;
  }

  public TestApp second() {
    return second;
  }

  public List<TestApp> both() {
    return List.of(first, second);
  }

  /** Whether both instances answer {@code /health/ready} with 200. */
  public boolean bothReady() {
    return both().stream().allMatch(instance -> instance.operatorGet("/health/ready").statusCode() == 200);
  }

  @Override
  public void close() {
    try {
      if (second != null) {
        second.close();
      }
    } finally {
      first.close();
    }
  }
}
