package dev.concert.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import dev.concert.config.AppConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterNodeTest {

  @Test
  void hazelcastJoinsByTcpIpWithTheConfiguredMembersOnly() {
    AppConfig config = AppConfig.from(Map.of(
        "CONCERT_DEV_MODE", "true",
        "CONCERT_CLUSTER", "true",
        "CONCERT_CLUSTER_NAME", "stage",
        "CONCERT_CLUSTER_PORT", "6000",
        "CONCERT_CLUSTER_MEMBERS", "10.0.0.1, 10.0.0.2:6001"));
    Config hz = ClusterNode.hazelcastConfig(config, "10.0.0.1");
    assertThat(hz.getClusterName()).isEqualTo("stage");
    assertThat(hz.getNetworkConfig().getPort()).isEqualTo(6000);
    assertThat(hz.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    assertThat(hz.getNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(hz.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isTrue();
    assertThat(hz.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("10.0.0.1", "10.0.0.2:6001");
    assertThat(hz.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.0.0.1");
    // Leaving the cluster is ours to time (after in-flight requests), not Hazelcast's hook.
    assertThat(hz.getProperty("hazelcast.shutdownhook.enabled")).isEqualTo("false");
    // Nothing may rely on strongly consistent locks: the CP subsystem stays off.
    assertThat(hz.getCPSubsystemConfig().getCPMemberCount()).isZero();
    // Vert.x's own structures (subscriptions) keep their configuration.
    assertThat(hz.getMultiMapConfigs()).containsKey("__vertx.subs");
  }

  @Test
  void aHostNameResolvesToAnAddressForTheInterfaceFilter() {
    assertThat(ClusterNode.resolve("localhost")).matches("127\\.0\\.0\\.1|0:0:0:0:0:0:0:1");
    assertThat(ClusterNode.resolve("127.0.0.1")).isEqualTo("127.0.0.1");
  }
}
