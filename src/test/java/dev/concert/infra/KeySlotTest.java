package dev.concert.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.concert.seats.BuyerKeys;
import dev.concert.seats.SeatKeys;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeySlotTest {
  @Test
  void matchesWhatRedisClusterSays() {
    // CLUSTER KEYSLOT answers, read from a Redis 7.0 cluster.
    assertEquals(12182, KeySlot.of("foo"));
    assertEquals(12239, KeySlot.of("schedule:1"));
    assertEquals(11958, KeySlot.of("{q}"));
    assertEquals(KeySlot.of("schedule:1"), KeySlot.of("seats:{schedule:1}"));
    // An empty tag is no tag: the whole key is hashed.
    assertEquals(13694, KeySlot.of("a{}b"));
  }

  @Test
  void theKeysTheHoldScriptTouchesTogetherShareASlot() {
    for (long schedule = 1; schedule < 200; schedule++) {
      assertEquals(KeySlot.of(SeatKeys.seats(schedule)), KeySlot.of(BuyerKeys.seats(schedule, UUID.randomUUID())));
    }
  }
}
