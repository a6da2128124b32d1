package dev.concert.queue;

import dev.concert.support.OnRedisCluster;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ActiveCheckIntegrationTest} on the 3-master Redis Cluster: a room's batch goes to its master. */
@ExtendWith(OnRedisCluster.class)
class ActiveCheckOnRedisClusterIntegrationTest extends ActiveCheckIntegrationTest {}
