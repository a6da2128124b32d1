package dev.concert.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class against the local 3-master Redis Cluster instead of the single Redis: a class
 * that extends an integration test and carries {@code @ExtendWith(OnRedisCluster.class)} runs the
 * same tests with {@code CONCERT_REDIS_CLUSTER_NODES} set. The cluster is one for the machine and
 * the tests empty it: the class holds the {@link MachineWide#REDIS_CLUSTER} lock while it runs.
 */
public final class OnRedisCluster implements BeforeAllCallback, AfterAllCallback {
  @Override
  public void beforeAll(ExtensionContext context) {
    MachineWide.Lock.acquire(MachineWide.REDIS_CLUSTER);
    TestServices.redisClusterNodes();
    TestServices.useRedisCluster(true);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    TestServices.useRedisCluster(false);
    MachineWide.Lock.release(MachineWide.REDIS_CLUSTER);
  }
}
