package dev.concert.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.concert.config.AppConfig;
import dev.concert.infra.VertxSettings;
import dev.concert.metrics.MetricsSetup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Starts this instance's Vert.x: plain, or clustered with Hazelcast when {@code CONCERT_CLUSTER=true}.
 * Hazelcast is configured here, in code, so that nothing depends on an XML file on the class path:
 * TCP/IP join with the configured members (no multicast, no auto-detection), the cluster name,
 * and this member's address for both Hazelcast and the event bus. Its CP subsystem stays off:
 * the cluster's locks are best-effort (see {@link ClusterSignals}), never a correctness rule.
 */
public final class ClusterNode {
  private ClusterNode() {}

  /** Call from the main thread (it may resolve a host name), never from an event loop. */
  public static Future<Vertx> start(AppConfig config) {
    if (!config.cluster()) {
      return MetricsSetup.build(config.metrics(), config.eventBusMetrics(), VertxSettings.options(config), builder -> Future.succeededFuture(builder.build()));
    }
    String address = resolve(config.clusterHost());
    VertxOptions options = VertxSettings.options(config);
    // The event bus listens on this member's address, on a port of the OS's choosing.
    options.getEventBusOptions().setHost(address).setPort(0).setClusterPublicHost(address);
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcastConfig(config, address));
    return MetricsSetup.build(config.metrics(), config.eventBusMetrics(), options, builder -> builder.withClusterManager(manager).buildClustered());
  }

  /** The Hazelcast configuration of this member; {@code address} is an IP address of this host. */
  static Config hazelcastConfig(AppConfig config, String address) {
    // Vert.x's defaults (its subscription multimap and node maps), then our network on top.
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(config.clusterName());
    hz.setInstanceName("concert-" + ProcessHandle.current().pid() + "-" + config.clusterPort());
    // The instance leaves the cluster itself, after its in-flight requests (GracefulShutdown).
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.logging.type", "slf4j");
    // A member that vanishes without a goodbye (kill -9, power loss) is dropped after 15 s of
    // silence instead of 60 s; a closed connection is noticed much sooner.
    hz.setProperty("hazelcast.max.no.heartbeat.seconds", "15");
    hz.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    NetworkConfig network = hz.getNetworkConfig();
    network.setPort(config.clusterPort()).setPortAutoIncrement(true).setPortCount(100);
    network.getInterfaces().setEnabled(true).addInterface(address);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(config.clusterMembers());
    return hz;
  }

  /** Hazelcast's interface filter wants an IP address; a container knows its host name. */
  static String resolve(String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("CONCERT_CLUSTER_HOST " + host + " does not resolve", e);
    }
  }
}
