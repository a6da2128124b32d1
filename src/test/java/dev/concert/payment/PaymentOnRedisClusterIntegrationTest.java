package dev.concert.payment;

import dev.concert.support.OnRedisCluster;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every test of {@link PaymentIntegrationTest}, on the 3-master Redis Cluster. */
@ExtendWith(OnRedisCluster.class)
class PaymentOnRedisClusterIntegrationTest extends PaymentIntegrationTest {}
