package dev.concert.seats;

import dev.concert.support.OnRedisCluster;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every test of {@link SeatMapCopyIntegrationTest}, on the 3-master Redis Cluster (notices from any master). */
@ExtendWith(OnRedisCluster.class)
class SeatMapCopyOnRedisClusterIntegrationTest extends SeatMapCopyIntegrationTest {}
