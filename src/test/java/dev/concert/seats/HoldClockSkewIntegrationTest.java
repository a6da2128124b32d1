package dev.concert.seats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.config.AppConfig;
import dev.concert.infra.PipelinedRedis;
import dev.concert.infra.RedisClients;
import dev.concert.infra.TimedRedis;
import dev.concert.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Holds use one clock, Redis's: a service whose clock is 10 s off Redis's (either way) still holds
 * (the hold's deadline is set by Redis's clock), stamps holds by Redis's clock, and judges lapses
 * as the hold script does.
 */
class HoldClockSkewIntegrationTest {
  private static final long SCHEDULE = 525_252;
  private static final Duration SKEW = Duration.ofSeconds(10);
  private Vertx vertx;
  private AppConfig config;
  private Redis control;

  @BeforeEach
  void start() {
    config = AppConfig.from(TestApp.environment(Map.of()));
    TestApp.reset(config);
    vertx = Vertx.vertx();
    control = RedisClients.create(vertx, config);
  }

  @AfterEach
  void stop() {
    TestApp.await(vertx.close());
  }

  /** Seats on the service's usual Redis client (commands with the usual deadline) and a skewed service clock. */
  private RedisSeats seatsWithClock(Duration skew) {
    Redis timed = new TimedRedis(new PipelinedRedis(RedisClients.create(vertx, config)), config.deadlines().redisMillis());
    return new RedisSeats(timed, new HoldClock(Clock.offset(Clock.systemUTC(), skew)));
  }

  private long redisNow() {
    Response time = TestApp.await(control.send(Request.cmd(Command.TIME)));
    return time.get(0).toLong() * 1000 + time.get(1).toLong() / 1000;
  }

  private Seats.HoldResult hold(RedisSeats seats, int seat, long holdMillis) {
    return TestApp.await(seats.hold(SCHEDULE, UUID.randomUUID(), UUID.randomUUID(), List.of(seat), holdMillis,
        Seats.BuyerLimits.NONE));
  }

  @Test
  void aServiceClockBehindRedisStillHoldsAndStampsHoldsByRedisClock() {
    RedisSeats seats = seatsWithClock(SKEW.negated());
    long before = redisNow();
    Seats.HoldResult held = hold(seats, 1, 60_000);
    long after = redisNow();
    assertThat(held.held()).as("a hold with the service's clock 10 s behind Redis's").isTrue();
    assertThat(held.heldUntil().toEpochMilli()).isBetween(before + 60_000, after + 60_000);
  }

  @Test
  void aServiceClockAheadOfRedisJudgesLapsesAsTheHoldScriptDoes() {
    RedisSeats seats = seatsWithClock(SKEW);
    // Lapses (heldUntil + grace) 8 s from now by Redis's clock: 2 s ago by the service's own clock.
    long holdMillis = 3_000;
    assertThat(hold(seats, 2, holdMillis).held()).isTrue();
    assertThat(TestApp.await(seats.states(SCHEDULE, 2))[1]).as("read while the script still keeps it").isEqualTo(SeatStatus.HELD);
    assertThat(hold(seats, 2, 60_000).unavailableSeat()).as("the script keeps it too").isEqualTo(2);

    // By Redis's clock the hold lapses: the seat can be held again, and reads as held by the new hold.
    TestApp.awaitCondition(() -> hold(seats, 2, 60_000).held(), "the first hold to lapse by Redis's clock");
    assertThat(TestApp.await(seats.states(SCHEDULE, 2))[1]).isEqualTo(SeatStatus.HELD);
  }

  @Test
  void theEstimateOfRedisClockIsRedisClockWhateverTheServiceClock() {
    for (Duration skew : List.of(SKEW, SKEW.negated())) {
      HoldClock clock = new HoldClock(Clock.offset(Clock.systemUTC(), skew));
      TestApp.await(clock.known(control));
      long before = redisNow();
      long estimate = clock.millis();
      long after = redisNow();
      // Within the measurement's round trip of Redis's clock (a few ms), not 10 s away.
      assertThat(estimate).isBetween(before - 1_000, after + 1_000);
    }
  }
}
