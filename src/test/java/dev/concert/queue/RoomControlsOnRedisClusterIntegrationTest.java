package dev.concert.queue;

import dev.concert.support.OnRedisCluster;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every test of {@link RoomControlsIntegrationTest}, on the 3-master Redis Cluster. */
@ExtendWith(OnRedisCluster.class)
class RoomControlsOnRedisClusterIntegrationTest extends RoomControlsIntegrationTest {}
