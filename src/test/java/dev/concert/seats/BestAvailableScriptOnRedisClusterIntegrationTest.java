package dev.concert.seats;

import dev.concert.support.OnRedisCluster;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every test of {@link BestAvailableScriptIntegrationTest}, on the 3-master Redis Cluster (each script on its date's slot). */
@ExtendWith(OnRedisCluster.class)
class BestAvailableScriptOnRedisClusterIntegrationTest extends BestAvailableScriptIntegrationTest {}
