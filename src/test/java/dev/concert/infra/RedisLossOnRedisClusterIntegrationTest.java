package dev.concert.infra;

import dev.concert.support.OnRedisCluster;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every test of {@link RedisLossIntegrationTest}, on the 3-master Redis Cluster (FLUSHDB reaches every master). */
@ExtendWith(OnRedisCluster.class)
class RedisLossOnRedisClusterIntegrationTest extends RedisLossIntegrationTest {}
