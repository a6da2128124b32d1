package dev.concert.reservation;

import dev.concert.support.OnRedisCluster;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every test of {@link ReservationIntegrationTest}, on the 3-master Redis Cluster. */
@ExtendWith(OnRedisCluster.class)
class ReservationOnRedisClusterIntegrationTest extends ReservationIntegrationTest {}
