package dev.concert.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.config.AppConfig;
import dev.concert.support.MachineWide;
import dev.concert.support.Ports;
import dev.concert.support.TestApp;
import dev.concert.support.Wait;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two clustered Vert.x nodes in this JVM (real Hazelcast on loopback): signals and slot leadership. */
@MachineWide(MachineWide.CLUSTERED_JVMS)
class ClusterSignalsIntegrationTest {
  private static Vertx first;
  private static Vertx second;

  @BeforeAll
  static void joinTwoNodes() {
    int port1 = Ports.free();
    int port2 = Ports.free();
    String name = "signals-" + UUID.randomUUID();
    String members = "127.0.0.1:" + port1 + ",127.0.0.1:" + port2;
    first = TestApp.await(ClusterNode.start(config(name, port1, members)));
    second = TestApp.await(ClusterNode.start(config(name, port2, members)));
    Wait.until(() -> ClusterHealth.view(first).getInteger("size") == 2
        && ClusterHealth.view(second).getInteger("size") == 2, "two members", Duration.ofSeconds(60));
  }

  private static AppConfig config(String name, int port, String members) {
    return AppConfig.from(Map.of("CONCERT_DEV_MODE", "true", "CONCERT_CLUSTER", "true", "CONCERT_CLUSTER_NAME", name,
        "CONCERT_CLUSTER_PORT", Integer.toString(port), "CONCERT_CLUSTER_MEMBERS", members));
  }

  @AfterAll
  static void leave() {
    for (Vertx vertx : new Vertx[] {first, second}) {
      if (vertx != null) {
        TestApp.await(vertx.close());
      }
    }
  }

  @Test
  void aPublishedSignalReachesEverySubscriberOnEveryNode() {
    String address = "test.signal." + UUID.randomUUID();
    List<String> received = new CopyOnWriteArrayList<>();
    TestApp.await(ClusterSignals.subscribe(first, address, body -> received.add("first:" + body.getString("n"))).completion());
    TestApp.await(ClusterSignals.subscribe(second, address, body -> received.add("second:" + body.getString("n"))).completion());
    // Registrations travel through the cluster: publish until the remote one is known, then once more.
    Wait.until(() -> {
      ClusterSignals.publish(second, address, new JsonObject().put("n", "probe"));
      return received.contains("first:probe");
    }, "the remote subscription", Duration.ofSeconds(30));
    received.clear();
    ClusterSignals.publish(first, address, new JsonObject().put("n", "1"));
    Wait.until(() -> received.containsAll(List.of("first:1", "second:1")), "both nodes", Duration.ofSeconds(30));
  }

  @Test
  void onlyOneNodeRunsATaskPerSlot() {
    long slotMillis = 600_000;
    // Start well inside a slot, so that all the attempts below fall into the same one.
    Wait.until(() -> System.currentTimeMillis() % slotMillis < slotMillis - 30_000,
        "the start of a slot", Duration.ofSeconds(45));
    String task = "test-" + UUID.randomUUID();
    AtomicInteger runs = new AtomicInteger();
    boolean firstRan = TestApp.await(ClusterSignals.runAsLeader(first, task, slotMillis, runs::incrementAndGet));
    boolean secondRan = TestApp.await(ClusterSignals.runAsLeader(second, task, slotMillis, runs::incrementAndGet));
    boolean firstAgain = TestApp.await(ClusterSignals.runAsLeader(first, task, slotMillis, runs::incrementAndGet));
    assertThat(List.of(firstRan, secondRan, firstAgain)).containsExactly(true, false, false);
    assertThat(runs.get()).isEqualTo(1);
    // Another task has its own slots.
    assertThat(TestApp.await(ClusterSignals.runAsLeader(second, task + "-other", slotMillis, runs::incrementAndGet))).isTrue();
  }

  @Test
  void withoutAClusterTheWorkAlwaysRunsHere() {
    Vertx alone = Vertx.vertx();
    try {
      AtomicInteger runs = new AtomicInteger();
      for (int i = 0; i < 3; i++) {
        assertThat(TestApp.await(ClusterSignals.runAsLeader(alone, "alone", 60_000, runs::incrementAndGet))).isTrue();
      }
      assertThat(runs.get()).isEqualTo(3);
      assertThat(ClusterHealth.view(alone).getBoolean("clustered")).isFalse();
    } finally {
      TestApp.await(alone.close());
    }
  }
}
