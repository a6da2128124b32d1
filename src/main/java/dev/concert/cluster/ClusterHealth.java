package dev.concert.cluster;

import com.hazelcast.cluster.Member;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.ext.web.RoutingContext;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * {@code GET /health/cluster}: this instance's view of the cluster (outside the API contract, for
 * operators and tests). Always 200: a lonely instance still serves correctly.
 */
public final class ClusterHealth {
  private ClusterHealth() {}

  public static void handle(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/json").end(view(ctx.vertx()).encode());
  }

  /** {@code {"clustered", "nodeId", "clusterName", "size", "members":[{"address","nodeId","local"}]}}. */
  public static JsonObject view(Vertx vertx) {
    if (!vertx.isClustered()) {
      return new JsonObject().put("clustered", false).put("size", 1).put("members", new JsonArray());
    }
    // The cluster manager is not on Vert.x's public API; VertxInternal is its supported seam.
    ClusterManager manager = ((VertxInternal) vertx).clusterManager();
    JsonObject view = new JsonObject().put("clustered", true).put("nodeId", manager.getNodeId());
    if (manager instanceof HazelcastClusterManager hazelcast && hazelcast.isActive()) {
      JsonArray members = new JsonArray();
      for (Member member : hazelcast.getHazelcastInstance().getCluster().getMembers()) {
        members.add(new JsonObject()
            .put("address", member.getAddress().getHost() + ":" + member.getAddress().getPort())
            .put("uuid", member.getUuid().toString())
            .put("local", member.localMember()));
      }
      view.put("clusterName", hazelcast.getConfig().getClusterName()).put("size", members.size()).put("members", members);
    } else {
      view.put("size", manager.getNodes().size()).put("members", new JsonArray(manager.getNodes()));
    }
    return view;
  }
}
