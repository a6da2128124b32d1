package dev.concert.seats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.TestApp;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * seats_best.lua where it runs (Redis): which places it picks (section order, row order, the row's
 * middle, standing floors' lowest numbers), together against spread, none fit, the buyer's limits,
 * the date's rows written when missing, and the row counts every seat script keeps.
 */
class BestAvailableScriptIntegrationTest {
  private static final long SCHEDULE = 27;
  private static final long HOLD_MILLIS = 300_000;
  /** Section 0: rows 1-10 and 11-20; section 1: row 21-30; section 2: standing 31-130. */
  private static final Seats.Layout LAYOUT = new Seats.Layout(List.of(
      new Seats.Layout.Block(false, List.of(new Seats.Layout.Range(1, 10), new Seats.Layout.Range(11, 20))),
      new Seats.Layout.Block(false, List.of(new Seats.Layout.Range(21, 30))),
      new Seats.Layout.Block(true, List.of(new Seats.Layout.Range(31, 130)))));
  private TestApp app;
  private Seats seats;

  @BeforeEach
  void start() {
    app = TestApp.start();
    seats = new RedisSeats(app.redis());
  }

  @AfterEach
  void stop() {
    app.close();
  }

  private Seats.BestResult best(UUID buyer, int quantity, boolean together, Seats.BuyerLimits limits, Integer... sections) {
    return TestApp.await(seats.holdBest(SCHEDULE, UUID.randomUUID(), buyer, LAYOUT,
        new Seats.BestRequest(quantity, together, List.of(sections)), HOLD_MILLIS, limits));
  }

  private List<Integer> best(int quantity, boolean together, Integer... sections) {
    Seats.BestResult result = best(UUID.randomUUID(), quantity, together, Seats.BuyerLimits.NONE, sections);
    assertThat(result.result().held() || result.seats().isEmpty()).isTrue();
    return result.seats();
  }

  private UUID holdNumbers(long holdMillis, Integer... numbers) {
    UUID reservation = UUID.randomUUID();
    assertThat(TestApp.await(seats.hold(SCHEDULE, reservation, UUID.randomUUID(), List.of(numbers), holdMillis,
        Seats.BuyerLimits.NONE)).held()).isTrue();
    return reservation;
  }

  @Test
  void picksByRowOrderThenNearestTheMiddleThenTheNextRowAndSection() {
    assertThat(best(2, true, 0, 1)).containsExactly(5, 6);
    // 1-4 and 7-10 are left: both blocks of two are as near the middle; the lower seats win.
    assertThat(best(2, true, 0, 1)).containsExactly(3, 4);
    assertThat(best(4, true, 0, 1)).containsExactly(7, 8, 9, 10);
    assertThat(best(3, true, 0, 1)).as("row 1 has only 1-2 left").containsExactly(14, 15, 16);
    assertThat(best(4, true, 1, 0)).as("sections in the order given").containsExactly(24, 25, 26, 27);
  }

  @Test
  void togetherNeedsAdjacentSeatsSpreadTakesTheFreeSeatsNearestTheMiddle() {
    holdNumbers(HOLD_MILLIS, 2, 4, 6, 8, 10);
    assertThat(best(2, true, 0)).as("row 0 has no two adjacent").containsExactly(15, 16);
    assertThat(best(2, true, 0)).containsExactly(13, 14);
    assertThat(best(2, false, 0)).containsExactly(5, 7);
    assertThat(best(4, false, 0)).as("1, 3, 9 left in row 0, then row 1's middle").containsExactly(1, 3, 9, 17);
  }

  @Test
  void standingFloorsGiveTheLowestFreeEntryNumbers() {
    assertThat(best(3, true, 2)).containsExactly(31, 32, 33);
    holdNumbers(HOLD_MILLIS, 34, 36);
    assertThat(best(2, true, 2)).containsExactly(35, 37);
    UUID reservation = holdNumbers(HOLD_MILLIS, 38);
    TestApp.await(seats.release(SCHEDULE, reservation, List.of(38)));
    assertThat(best(1, true, 2)).as("a freed entry number is the lowest again").containsExactly(38);
    assertThat(best(1, true, 2)).containsExactly(39);
  }

  @Test
  void noneFitHoldsNothingAndAReleasedRowFitsAgain() {
    List<Integer> first = best(4, true, 1);
    assertThat(first).containsExactly(24, 25, 26, 27);
    assertThat(best(4, true, 1)).as("21-23 and 28-30 left").isEmpty();
    assertThat(best(4, false, 1)).as("the four nearest the middle").containsExactly(22, 23, 28, 29);
    assertThat(best(3, false, 1)).isEmpty();
    assertThat(taken()).hasSize(8);
    assertThat(best(2, false, 1)).containsExactly(21, 30);
    assertThat(best(1, false, 1)).isEmpty();
  }

  @Test
  void aLapsedHoldIsFreeToBestAvailableAndSoldSeatsStayTaken() {
    holdNumbers(-(SeatKeys.LAPSE_GRACE_MILLIS + 1_000), 21, 22, 23, 24);
    UUID sold = holdNumbers(HOLD_MILLIS, 25, 26, 27, 28);
    TestApp.await(seats.sell(SCHEDULE, sold, List.of(25, 26, 27, 28)));
    assertThat(best(2, true, 1)).as("the lapsed 23-24 are nearer the middle than 29-30").containsExactly(23, 24);
    assertThat(best(2, true, 1)).containsExactly(21, 22);
    assertThat(best(2, true, 1)).containsExactly(29, 30);
    assertThat(best(1, false, 1)).isEmpty();
  }

  @Test
  void withheldPlacesAreNeverPickedAndPutBackOnesAre() {
    best(1, true, 0); // writes the date's rows
    TestApp.await(seats.withhold(SCHEDULE, List.of(24, 26, 31, 32)));
    assertThat(best(2, true, 1)).as("24 and 26 withheld").containsExactly(27, 28);
    assertThat(best(2, true, 2)).as("31 and 32 withheld").containsExactly(33, 34);
    assertThat(best(3, false, 1)).hasSize(3).contains(23, 25).doesNotContain(24, 26);
    TestApp.await(seats.putBack(SCHEDULE, List.of(24, 31)));
    assertThat(best(1, true, 2)).containsExactly(31);
    assertThat(best(1, false, 1)).containsExactly(24);
    assertRowsMatchTheSeats();
  }

  @Test
  void theBuyersLimitAndHoldRateApplyAsToAHoldByNumbers() {
    UUID buyer = UUID.randomUUID();
    Seats.BuyerLimits limits = new Seats.BuyerLimits(4, 0);
    assertThat(best(buyer, 3, true, limits, 0).result().held()).isTrue();
    Seats.BestResult over = best(buyer, 2, true, limits, 0);
    assertThat(over.result().overLimit()).isTrue();
    assertThat(over.seats()).isEmpty();
    assertThat(TestApp.await(seats.hold(SCHEDULE, UUID.randomUUID(), buyer, List.of(20), HOLD_MILLIS, limits)).held())
        .as("best-available places count for holds by number too").isTrue();
    assertThat(TestApp.await(seats.hold(SCHEDULE, UUID.randomUUID(), buyer, List.of(19), HOLD_MILLIS, limits)).overLimit()).isTrue();

    UUID hasty = UUID.randomUUID();
    Seats.BuyerLimits rate = new Seats.BuyerLimits(0, 2);
    assertThat(best(hasty, 1, true, rate, 2).result().held()).isTrue();
    assertThat(best(hasty, 1, true, rate, 2).result().held()).isTrue();
    Seats.BestResult third = best(hasty, 1, true, rate, 2);
    assertThat(third.result().rateLimited()).isTrue();
    assertThat(third.seats()).isEmpty();
  }

  @Test
  void theRowsAreWrittenWhenMissingFromTheSeatsAsTheyAreAfterARedisLoss() {
    UUID reservation = holdNumbers(HOLD_MILLIS, 5, 6);
    assertThat(best(2, true, 0)).as("written now, counting 5 and 6 as taken").containsExactly(3, 4);
    // Redis loses everything; Postgres's record brings the seats back, not the rows.
    TestApp.await(app.redis().send(Request.cmd(Command.FLUSHDB)));
    TestApp.await(seats.rebuild(List.of(new Seats.TakenSeat(SCHEDULE, 5, reservation, true, null),
        new Seats.TakenSeat(SCHEDULE, 6, reservation, true, null))));
    assertThat(exists("hall:{schedule:" + SCHEDULE + "}")).isFalse();
    assertThat(best(2, true, 0)).containsExactly(3, 4);
    assertThat(best(2, true, 0)).containsExactly(7, 8);
    assertRowsMatchTheSeats();
  }

  @Test
  void theRowCountsFollowEverySeatScriptUnderAMixOfHoldsReleasesSalesAndWithholdings() {
    Random random = new Random(27);
    List<UUID> held = new ArrayList<>();
    List<List<Integer>> heldSeats = new ArrayList<>();
    best(1, true, 0); // writes the rows
    for (int step = 0; step < 400; step++) {
      int action = random.nextInt(6);
      if (action <= 1) {
        UUID reservation = UUID.randomUUID();
        int section = random.nextInt(3);
        Seats.BestResult result = TestApp.await(seats.holdBest(SCHEDULE, reservation, UUID.randomUUID(), LAYOUT,
            new Seats.BestRequest(1 + random.nextInt(4), random.nextBoolean(), List.of(section)), HOLD_MILLIS,
            Seats.BuyerLimits.NONE));
        if (result.result().held()) {
          held.add(reservation);
          heldSeats.add(result.seats());
        }
      } else if (action == 2) {
        int seat = 1 + random.nextInt(130);
        UUID reservation = UUID.randomUUID();
        if (TestApp.await(seats.hold(SCHEDULE, reservation, UUID.randomUUID(), List.of(seat), HOLD_MILLIS,
            Seats.BuyerLimits.NONE)).held()) {
          held.add(reservation);
          heldSeats.add(List.of(seat));
        }
      } else if (action == 4) {
        TestApp.await(seats.withhold(SCHEDULE, List.of(1 + random.nextInt(130), 1 + random.nextInt(130))));
      } else if (action == 5) {
        TestApp.await(seats.putBack(SCHEDULE, List.of(1 + random.nextInt(130), 1 + random.nextInt(130))));
      } else if (!held.isEmpty()) {
        int i = random.nextInt(held.size());
        if (random.nextBoolean()) {
          TestApp.await(seats.release(SCHEDULE, held.get(i), heldSeats.get(i)));
        } else {
          TestApp.await(seats.sell(SCHEDULE, held.get(i), heldSeats.get(i)));
          if (random.nextBoolean()) {
            TestApp.await(seats.giveBack(SCHEDULE, held.get(i), heldSeats.get(i)));
          }
        }
        held.remove(i);
        heldSeats.remove(i);
      }
    }
    assertRowsMatchTheSeats();
    // Whatever the history, best available still finds every free place, each once.
    Set<Integer> taken = taken();
    Set<Integer> picked = new HashSet<>();
    for (List<Integer> got = best(1, false, 0, 1, 2); !got.isEmpty(); got = best(1, false, 0, 1, 2)) {
      assertThat(taken).doesNotContainAnyElementsOf(got);
      assertThat(picked.addAll(got)).isTrue();
    }
    assertThat(taken.size() + picked.size()).isEqualTo(130);
    assertRowsMatchTheSeats();
  }

  /** Each row's count is its seats with a field; a seated row's bound is at least its longest free stretch. */
  private void assertRowsMatchTheSeats() {
    Set<Integer> taken = taken();
    String hall = "hall:{schedule:" + SCHEDULE + "}";
    int rowIndex = 0;
    for (Seats.Layout.Block section : LAYOUT.sections()) {
      for (Seats.Layout.Range row : section.rows()) {
        String[] state = TestApp.await(app.redis().send(Request.cmd(Command.HGET).arg(hall).arg(rowIndex))).toString().split(" ");
        int count = 0;
        int longest = 0;
        int run = 0;
        for (int seat = row.first(); seat <= row.last(); seat++) {
          if (taken.contains(seat)) {
            count++;
            run = 0;
          } else {
            longest = Math.max(longest, ++run);
          }
        }
        assertThat(Integer.parseInt(state[3])).as("row %d taken", rowIndex).isEqualTo(count);
        if (!section.standing()) {
          assertThat(Integer.parseInt(state[4])).as("row %d bound", rowIndex).isGreaterThanOrEqualTo(longest)
              .isLessThanOrEqualTo(row.last() - row.first() + 1 - count);
        } else {
          for (int seat = row.first(); seat < Integer.parseInt(state[4]); seat++) {
            assertThat(taken).as("below the floor's cursor").contains(seat);
          }
        }
        rowIndex++;
      }
    }
  }

  private Set<Integer> taken() {
    Response keys = TestApp.await(app.redis().send(Request.cmd(Command.HKEYS).arg(SeatKeys.seats(SCHEDULE))));
    Set<Integer> taken = new HashSet<>();
    keys.forEach(key -> taken.add(key.toInteger()));
    return taken;
  }

  private boolean exists(String key) {
    return TestApp.await(app.redis().send(Request.cmd(Command.EXISTS).arg(key))).toInteger() == 1;
  }
}
