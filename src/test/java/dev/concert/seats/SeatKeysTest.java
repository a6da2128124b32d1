package dev.concert.seats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.infra.KeySlot;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every key a seat script touches together is in the schedule's Redis Cluster slot. */
class SeatKeysTest {
  @Test
  void theDatesRowsAndTheBuyersKeysShareTheSeatHashSlot() {
    for (long schedule : new long[] {1, 27, 123_456_789}) {
      int slot = KeySlot.of(SeatKeys.seats(schedule));
      assertThat(SeatKeys.rows(schedule)).hasSize(3).allMatch(key -> KeySlot.of(key) == slot);
      UUID buyer = UUID.randomUUID();
      assertThat(KeySlot.of(BuyerKeys.seats(schedule, buyer))).isEqualTo(slot);
      assertThat(KeySlot.of(BuyerKeys.holdAttempts(schedule, buyer))).isEqualTo(slot);
      assertThat(KeySlot.of(SeatKeys.cancelled(schedule))).isEqualTo(slot);
    }
  }
}
