package dev.concert.buyers;

import dev.concert.seats.BuyerKeys;
import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.seats.SeatKeys;
import dev.concert.seats.RedisSeats;
import dev.concert.seats.Seats;
import dev.concert.seats.Seats.HoldResult;
import dev.concert.support.TestApp;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hold script's per-buyer rules, where they run (Redis): which seats still count, and the hold rate. */
class BuyerSeatsScriptIntegrationTest {
  private static final long SCHEDULE = 7;
  private static final long HOLD_MILLIS = 300_000;
  private TestApp app;
  private Seats seats;
  private final UUID buyer = UUID.randomUUID();

  @BeforeEach
  void start() {
    app = TestApp.start();
    seats = new RedisSeats(app.redis());
  }

  @AfterEach
  void stop() {
    app.close();
  }

  private HoldResult hold(UUID reservation, long holdMillis, Integer... seatNumbers) {
    return TestApp.await(seats.hold(SCHEDULE, reservation, buyer, List.of(seatNumbers), holdMillis, new Seats.BuyerLimits(4, 0)));
  }

  @Test
  void heldAndSoldSeatsCountReleasedOnesDoNot() {
    UUID first = UUID.randomUUID();
    assertThat(hold(first, HOLD_MILLIS, 1, 2).held()).isTrue();
    UUID second = UUID.randomUUID();
    assertThat(hold(second, HOLD_MILLIS, 3).held()).isTrue();
    TestApp.await(seats.sell(SCHEDULE, second, List.of(3)));
    assertThat(hold(UUID.randomUUID(), HOLD_MILLIS, 4, 5).overLimit()).as("2 held + 1 sold + 2").isTrue();
    assertThat(hold(UUID.randomUUID(), HOLD_MILLIS, 4).held()).isTrue();
    assertThat(hold(UUID.randomUUID(), HOLD_MILLIS, 5).overLimit()).isTrue();

    // A cancel or expiry releases a hold; a refund frees a sold seat: either way the seat is gone.
    TestApp.await(seats.release(SCHEDULE, first, List.of(1, 2)));
    TestApp.await(app.redis().send(Request.cmd(Command.HDEL).arg(SeatKeys.seats(SCHEDULE)).arg("3")));
    assertThat(hold(UUID.randomUUID(), HOLD_MILLIS, 5, 6, 7).held()).isTrue();
    assertThat(hold(UUID.randomUUID(), HOLD_MILLIS, 8).overLimit()).isTrue();
  }

  @Test
  void aLapsedHoldAndASeatTakenSinceByAnotherReservationDoNotCount() {
    // A hold whose time and grace have passed (its release was lost): it no longer counts.
    assertThat(hold(UUID.randomUUID(), -(SeatKeys.LAPSE_GRACE_MILLIS + 1_000), 1, 2).held()).isTrue();
    // The buyer's seat 3, since lapsed and taken by another buyer's reservation.
    assertThat(hold(UUID.randomUUID(), -(SeatKeys.LAPSE_GRACE_MILLIS + 1_000), 3).held()).isTrue();
    TestApp.await(seats.hold(SCHEDULE, UUID.randomUUID(), UUID.randomUUID(), List.of(3), HOLD_MILLIS, new Seats.BuyerLimits(4, 0)));
    assertThat(hold(UUID.randomUUID(), HOLD_MILLIS, 4, 5, 6, 7).held()).isTrue();
    assertThat(TestApp.await(app.redis().send(Request.cmd(Command.HLEN).arg(BuyerKeys.seats(SCHEDULE, buyer)))).toInteger())
        .as("stale entries are dropped from the buyer's list").isEqualTo(4);
  }

  @Test
  void withoutALimitNothingIsKeptPerBuyer() {
    assertThat(TestApp.await(seats.hold(SCHEDULE, UUID.randomUUID(), buyer, List.of(1, 2, 3, 4), HOLD_MILLIS, Seats.BuyerLimits.NONE)).held()).isTrue();
    assertThat(TestApp.await(seats.hold(SCHEDULE, UUID.randomUUID(), buyer, List.of(5, 6, 7, 8), HOLD_MILLIS, Seats.BuyerLimits.NONE)).held()).isTrue();
    assertThat(TestApp.await(app.redis().send(Request.cmd(Command.EXISTS).arg(BuyerKeys.seats(SCHEDULE, buyer)))).toInteger())
        .isZero();
  }

  @Test
  void holdAttemptsPastTheRateHoldNothingAndEachDateHasItsOwnBucket() {
    Seats.BuyerLimits threePerSecond = new Seats.BuyerLimits(0, 3);
    // Sent together on one pipelined connection: Redis runs them back to back, microseconds apart.
    List<Future<HoldResult>> attempts = new ArrayList<>();
    for (int seat = 1; seat <= 5; seat++) {
      attempts.add(seats.hold(SCHEDULE, UUID.randomUUID(), buyer, List.of(seat), HOLD_MILLIS, threePerSecond));
    }
    TestApp.await(Future.all(attempts));
    List<HoldResult> results = attempts.stream().map(Future::result).toList();
    assertThat(results).filteredOn(HoldResult::held).hasSize(3);
    assertThat(results).filteredOn(HoldResult::rateLimited).hasSize(2)
        .allSatisfy(refused -> assertThat(refused.retryAfterMillis()).isBetween(1L, 1_000L));
    for (int seat = 1; seat <= 5; seat++) {
      boolean held = results.get(seat - 1).held();
      assertThat(TestApp.await(app.redis().send(Request.cmd(Command.HGET).arg(SeatKeys.seats(SCHEDULE)).arg(seat))))
          .as("seat %d", seat).matches(value -> held == (value != null));
    }
    // The bucket is the buyer's on this date: another date, or another buyer, is not slowed.
    assertThat(TestApp.await(seats.hold(SCHEDULE + 1, UUID.randomUUID(), buyer, List.of(1), HOLD_MILLIS, threePerSecond)).held())
        .isTrue();
    assertThat(TestApp.await(seats.hold(SCHEDULE, UUID.randomUUID(), UUID.randomUUID(), List.of(9), HOLD_MILLIS, threePerSecond))
        .held()).isTrue();
  }
}
