package dev.concert.infra;

import dev.concert.support.PrivatePostgres;
import dev.concert.support.PurchaseLoad;
import dev.concert.support.PurchaseLoad.Step;
import dev.concert.support.RestartDrill;
import dev.concert.support.TwoInstances;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Postgres shut down fast ({@code pg_ctl -m fast stop}) and started again under a purchase load on
 * two instances: during the outage the answers are 503 or 500 OUTCOME_UNKNOWN, both instances serve
 * again by themselves within 15 s of Postgres being back, and nothing acknowledged is lost.
 */
class PostgresRestartIntegrationTest {
  @Test
  void aFastShutdownUnderLoadLosesNothingAcknowledgedAndBothInstancesComeBack() {
    try (PrivatePostgres postgres = PrivatePostgres.start();
         TwoInstances instances = TwoInstances.start(Map.of(
             "CONCERT_PG_URI", postgres.uri(),
             "CONCERT_MAX_SEATS_PER_USER", "1000"))) {
      PurchaseLoad load = PurchaseLoad.start(instances.both(), 24);
      RestartDrill drill = new RestartDrill(instances, load);
      Duration back = drill.run(postgres::stopFast,
          stoppedAt -> load.everyInstanceAnswered(a -> a.step() == Step.CHARGE && a.status() == 503, stoppedAt),
          postgres::startAgain, () -> true);
      LoggerFactory.getLogger(getClass()).info("serving again {} ms after Postgres started; answers: {}",
          back.toMillis(), load.summary());
      drill.checkAfterwards();
    }
  }
}
