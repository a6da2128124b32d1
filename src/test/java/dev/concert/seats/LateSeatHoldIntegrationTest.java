package dev.concert.seats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.config.AppConfig;
import dev.concert.infra.PipelinedRedis;
import dev.concert.infra.RedisClients;
import dev.concert.infra.TimedRedis;
import dev.concert.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A seat hold the caller gave up on (Redis stalled by CLIENT PAUSE) runs once Redis resumes; it
 * must then do nothing, or a 503 would have left seats held by a reservation nobody knows.
 */
class LateSeatHoldIntegrationTest {
  private static final long SCHEDULE = 424_242;
  private Vertx vertx;
  private Redis control;

  @BeforeEach
  void start() {
    AppConfig config = AppConfig.from(TestApp.environment(java.util.Map.of()));
    TestApp.reset(config);
    vertx = Vertx.vertx();
    control = RedisClients.create(vertx, config);
    this.config = config;
  }

  private AppConfig config;

  @AfterEach
  void stop() {
    TestApp.await(vertx.close());
  }

  @Test
  void aHoldThatRunsAfterItsCallerGaveUpHoldsNothing() {
    Redis timed = new TimedRedis(new PipelinedRedis(RedisClients.create(vertx, config)), 300);
    SeatLocks seats = new SeatLocks(timed);
    TestApp.await(seats.release(SCHEDULE, UUID.randomUUID(), List.of(1))); // connected and scripts loaded

    pause(1200);
    long start = System.nanoTime();
    Future<Seats.HoldResult> held = seats.hold(SCHEDULE, UUID.randomUUID(), UUID.randomUUID(), List.of(1, 2), 60_000, Seats.BuyerLimits.NONE);
    assertThat(failureOf(held)).contains("Timeout");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
    awaitQueuedCommands(seats);

    assertThat(seat(1)).isNull();
    assertThat(seat(2)).isNull();
  }

  @Test
  void withoutADeadlineTheSameLateHoldWouldHaveHeld() {
    // The control: a client that does not pass its deadline (an untimed Redis) leaves seats held.
    Redis untimed = new PipelinedRedis(RedisClients.create(vertx, config));
    SeatLocks seats = new SeatLocks(untimed);
    TestApp.await(seats.release(SCHEDULE, UUID.randomUUID(), List.of(1)));

    pause(1200);
    Future<Seats.HoldResult> held = seats.hold(SCHEDULE, UUID.randomUUID(), UUID.randomUUID(), List.of(1, 2), 60_000, Seats.BuyerLimits.NONE);
    assertThat(failureOf(held.timeout(300, java.util.concurrent.TimeUnit.MILLISECONDS))).contains("Timeout");
    awaitQueuedCommands(seats);

    assertThat(seat(1)).startsWith("H:");
  }

  /**
   * Once a script sent on the same connection answers, everything queued before it has run
   * (Redis serves one connection in order); polled, as each try may time out while still paused.
   */
  private static void awaitQueuedCommands(SeatLocks seats) {
    TestApp.awaitCondition(() -> !failureOf(seats.release(SCHEDULE, UUID.randomUUID(), List.of(9))).contains("Timeout"),
        "Redis to resume");
  }

  /** Stalls every write (scripts included) of the test's Redis server for {@code millis}. */
  private void pause(long millis) {
    TestApp.await(control.send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(millis).arg("WRITE")));
  }

  private static String failureOf(Future<?> future) {
    try {
      TestApp.await(future);
      return "succeeded";
    } catch (IllegalStateException e) {
      return String.valueOf(e.getMessage());
    }
  }

  private String seat(int seat) {
    var value = TestApp.await(control.send(Request.cmd(Command.HGET).arg(SeatKeys.seats(SCHEDULE)).arg(seat)));
    return value == null ? null : value.toString();
  }
}
