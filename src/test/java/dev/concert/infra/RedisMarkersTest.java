package dev.concert.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedisMarkersTest {
  @Test
  void oneMarkerPerMasterInThatMastersSlots() {
    List<RedisMarkers.Range> ranges = List.of(
        new RedisMarkers.Range("a:7001", 0, 5460),
        new RedisMarkers.Range("b:7002", 5461, 10922),
        new RedisMarkers.Range("c:7003", 10923, 16000),
        new RedisMarkers.Range("a:7001", 16001, 16383));
    List<String> keys = RedisMarkers.forMasters(ranges);
    assertThat(keys).hasSize(3).doesNotHaveDuplicates();
    int first = KeySlot.of(keys.get(0));
    assertThat(first <= 5460 || first >= 16001).as("slot %d", first).isTrue();
    assertThat(KeySlot.of(keys.get(1))).isBetween(5461, 10922);
    assertThat(KeySlot.of(keys.get(2))).isBetween(10923, 16000);
  }

  @Test
  void aMasterWithOneSlotStillGetsAMarker() {
    List<String> keys = RedisMarkers.forMasters(List.of(
        new RedisMarkers.Range("a:7001", 0, 16382), new RedisMarkers.Range("b:7002", 16383, 16383)));
    assertThat(KeySlot.of(keys.get(1))).isEqualTo(16383);
  }
}
