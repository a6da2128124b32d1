package dev.concert.infra;

import dev.concert.support.PrivateRedis;
import dev.concert.support.PurchaseLoad;
import dev.concert.support.RestartDrill;
import dev.concert.support.TwoInstances;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Redis restarted under a purchase load on two instances, once keeping its data (a clean shutdown,
 * the append-only file read back) and once losing it (killed, started empty): during each outage
 * the answers are 503 or 500 OUTCOME_UNKNOWN, both instances serve again by themselves within 15 s
 * of Redis being back, and nothing acknowledged is lost.
 */
class RedisRestartIntegrationTest {
  @Test
  void restartsKeepingAndLosingTheDataUnderLoadLoseNothingAcknowledgedAndBothInstancesComeBack() {
    try (PrivateRedis redis = PrivateRedis.start();
         TwoInstances instances = TwoInstances.start(Map.of(
             "CONCERT_REDIS_URI", redis.uri(),
             "CONCERT_MAX_SEATS_PER_USER", "1000"))) {
      PurchaseLoad load = PurchaseLoad.start(instances.both(), 24);
      RestartDrill drill = new RestartDrill(instances, load);
      Duration kept = drill.run(redis::stopKeepingData,
          stoppedAt -> load.everyInstanceAnswered(a -> a.status() == 503, stoppedAt), redis::startAgain, () -> true);
      Duration lost = drill.run(redis::stopLosingData,
          stoppedAt -> load.everyInstanceAnswered(a -> a.status() == 503, stoppedAt), redis::startAgain, () -> true);
      LoggerFactory.getLogger(getClass()).info("serving again {} ms after Redis started with its data, {} ms after it "
          + "started empty; answers: {}", kept.toMillis(), lost.toMillis(), load.summary());
      drill.checkAfterwards();
    }
  }
}
