package dev.concert.seats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.config.AppConfig;
import dev.concert.infra.RedisClients;
import dev.concert.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The withheld value "W" in the seat hash, against every seat script, in Redis itself. */
class WithheldSeatScriptsIntegrationTest {
  private static final long SCHEDULE = 434_343;
  private Vertx vertx;
  private Redis redis;
  private SeatLocks locks;

  @BeforeEach
  void start() {
    AppConfig config = AppConfig.from(TestApp.environment(Map.of()));
    TestApp.reset(config);
    vertx = Vertx.vertx();
    redis = RedisClients.create(vertx, config);
    locks = new SeatLocks(redis);
  }

  @AfterEach
  void stop() {
    TestApp.await(vertx.close());
  }

  private String seat(int number) {
    Response value = TestApp.await(redis.send(Request.cmd(Command.HGET).arg(SeatKeys.seats(SCHEDULE)).arg(number)));
    return value == null ? null : value.toString();
  }

  private void set(int number, String value) {
    TestApp.await(redis.send(Request.cmd(Command.HSET).arg(SeatKeys.seats(SCHEDULE)).arg(number).arg(value)));
  }

  private Seats.HoldResult hold(UUID reservation, List<Integer> seats) {
    return TestApp.await(locks.hold(SCHEDULE, reservation, UUID.randomUUID(), seats, 60_000, Seats.BuyerLimits.NONE));
  }

  @Test
  void onlyPlacesFreeAtThatInstantAreWithheldAndAWithheldOneCountsAgain() {
    UUID holder = UUID.randomUUID();
    hold(holder, List.of(2));
    set(3, SeatLocks.soldValue(UUID.randomUUID()));
    // A hold past its time and the grace is free, as the hold script judges it.
    set(4, SeatLocks.heldValue(UUID.randomUUID(), Instant.now().minusMillis(SeatKeys.LAPSE_GRACE_MILLIS + 60_000)));
    // A hold past its time but within the grace is not.
    set(6, SeatLocks.heldValue(UUID.randomUUID(), Instant.now().minusMillis(1_000)));

    Seats.Withholding done = TestApp.await(locks.withhold(SCHEDULE, List.of(1, 2, 3, 4, 6)));
    assertThat(done.withheld()).containsExactly(1, 4);
    assertThat(done.notWithheld()).containsExactly(2, 3, 6);
    assertThat(seat(1)).isEqualTo("W");
    assertThat(seat(4)).isEqualTo("W");
    assertThat(seat(2)).startsWith("H:" + holder);
    assertThat(seat(3)).startsWith("S:");

    Seats.Withholding again = TestApp.await(locks.withhold(SCHEDULE, List.of(1, 5)));
    assertThat(again.withheld()).containsExactly(1, 5);
    assertThat(again.notWithheld()).isEmpty();
  }

  @Test
  void noSeatScriptTakesOrOverwritesAWithheldPlace() {
    TestApp.await(locks.withhold(SCHEDULE, List.of(1, 2)));
    UUID reservation = UUID.randomUUID();

    Seats.HoldResult refused = hold(reservation, List.of(3, 1));
    assertThat(refused.held()).isFalse();
    assertThat(refused.unavailableSeat()).isEqualTo(1);
    assertThat(seat(3)).isNull(); // all or none

    assertThat(TestApp.await(locks.release(SCHEDULE, reservation, List.of(1)))).isZero();
    assertThat(TestApp.await(locks.giveBack(SCHEDULE, reservation, List.of(1)))).isZero();
    TestApp.await(locks.sell(SCHEDULE, reservation, List.of(1)));
    assertThat(TestApp.await(locks.restore(SCHEDULE, Map.of(1, SeatLocks.soldValue(reservation),
        2, SeatLocks.heldValue(reservation, Instant.now().plusSeconds(60)))))).isEmpty();
    assertThat(seat(1)).isEqualTo("W");
    assertThat(seat(2)).isEqualTo("W");
  }

  @Test
  void puttingBackFreesOnlyWithheldPlaces() {
    UUID holder = UUID.randomUUID();
    hold(holder, List.of(2));
    TestApp.await(locks.withhold(SCHEDULE, List.of(1)));

    assertThat(TestApp.await(locks.putBack(SCHEDULE, List.of(1, 2, 3)))).containsExactly(1);
    assertThat(seat(1)).isNull();
    assertThat(seat(2)).startsWith("H:" + holder);
    assertThat(hold(UUID.randomUUID(), List.of(1)).held()).isTrue();
  }

  @Test
  void theRebuildWritesWithheldPlacesOnlyWhereRedisHasThemFree() {
    UUID holder = UUID.randomUUID();
    hold(holder, List.of(2));

    List<Integer> written = TestApp.await(locks.restore(SCHEDULE, Map.of(1, SeatKeys.WITHHELD, 2, SeatKeys.WITHHELD)));
    assertThat(written).containsExactly(1);
    assertThat(seat(1)).isEqualTo("W");
    assertThat(seat(2)).startsWith("H:" + holder);
  }

  @Test
  void aWithheldPlaceReadsAsWithheldAndIsNotCountedFree() {
    RedisSeats seats = new RedisSeats(redis);
    TestApp.await(seats.withhold(SCHEDULE, List.of(2)));
    SeatStatus[] states = TestApp.await(seats.states(SCHEDULE, 3));
    assertThat(states).containsExactly(SeatStatus.AVAILABLE, SeatStatus.WITHHELD, SeatStatus.AVAILABLE);
    assertThat(TestApp.await(seats.takenCounts(List.of(SCHEDULE)))).containsExactly(1);
  }
}
