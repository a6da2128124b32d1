package dev.concert.concert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.seats.SeatStatus;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The availability document's 2 bits a place, place 1 in the high bits of the first byte. */
class AvailabilityBitsTest {
  private static SeatStatus[] free(int places) {
    SeatStatus[] states = new SeatStatus[places];
    Arrays.fill(states, SeatStatus.AVAILABLE);
    return states;
  }

  @Test
  void placeOneIsTheTwoHighBitsOfTheFirstByte() {
    SeatStatus[] states = free(4);
    states[0] = SeatStatus.HELD;
    assertThat(AvailabilityBits.pack(states)).containsExactly((byte) 0b01_00_00_00);
    states[0] = SeatStatus.SOLD;
    states[3] = SeatStatus.HELD;
    assertThat(AvailabilityBits.pack(states)).containsExactly((byte) 0b10_00_00_01);
  }

  @Test
  void eachStateHasItsCodeAndWithheldIsThree() {
    assertThat(AvailabilityBits.code(SeatStatus.AVAILABLE)).isZero();
    assertThat(AvailabilityBits.code(SeatStatus.HELD)).isEqualTo(1);
    assertThat(AvailabilityBits.code(SeatStatus.SOLD)).isEqualTo(2);
    byte[] packed = new byte[2];
    AvailabilityBits.set(packed, 6, AvailabilityBits.WITHHELD);
    assertThat(packed).containsExactly((byte) 0, (byte) 0b00_11_00_00);
    assertThat(AvailabilityBits.get(packed, 6)).isEqualTo(3);
    AvailabilityBits.set(packed, 6, AvailabilityBits.AVAILABLE);
    assertThat(packed).containsExactly((byte) 0, (byte) 0);
  }

  @Test
  void aPartialLastByteKeepsItsUnusedBitsZero() {
    SeatStatus[] states = free(5);
    Arrays.fill(states, SeatStatus.SOLD);
    assertThat(AvailabilityBits.pack(states)).containsExactly((byte) 0b10_10_10_10, (byte) 0b10_00_00_00);
    assertThat(AvailabilityBits.pack(free(0))).isEmpty();
  }

  @Test
  void everyPlaceReadsBackAsPackedAcrossABigDate() {
    SeatStatus[] states = free(70_000);
    for (int i = 0; i < states.length; i += 7) {
      states[i] = i % 2 == 0 ? SeatStatus.HELD : SeatStatus.SOLD;
    }
    byte[] packed = AvailabilityBits.pack(states);
    assertThat(packed).hasSize(17_500);
    for (int seat = 1; seat <= states.length; seat++) {
      assertThat(AvailabilityBits.get(packed, seat)).as("place %d", seat).isEqualTo(AvailabilityBits.code(states[seat - 1]));
    }
  }

  @Test
  void theDocumentIsBase64OfTheBitsWithItsCapacity() {
    SeatStatus[] states = free(70_000);
    states[69_999] = SeatStatus.HELD;
    JsonObject document = new JsonObject(AvailabilityBits.document(42, states));
    assertThat(document.getLong("scheduleId")).isEqualTo(42);
    assertThat(document.getInteger("capacity")).isEqualTo(70_000);
    assertThat(document.getString("statuses")).hasSize(23_336);
    byte[] decoded = Base64.getDecoder().decode(document.getString("statuses"));
    assertThat(decoded[17_499]).isEqualTo((byte) 0b00_00_00_01);
  }

  @Test
  void theTagFollowsTheContentAndIfNoneMatchComparesLists() {
    SeatStatus[] states = free(10);
    String before = AvailabilityBits.etag(AvailabilityBits.document(1, states));
    assertThat(AvailabilityBits.etag(AvailabilityBits.document(1, free(10)))).isEqualTo(before);
    states[9] = SeatStatus.HELD;
    String after = AvailabilityBits.etag(AvailabilityBits.document(1, states));
    assertThat(after).isNotEqualTo(before).startsWith("\"").endsWith("\"");
    assertThat(AvailabilityBits.matches(after, after)).isTrue();
    assertThat(AvailabilityBits.matches("W/" + after, after)).isTrue();
    assertThat(AvailabilityBits.matches(before + ", " + after, after)).isTrue();
    assertThat(AvailabilityBits.matches("*", after)).isTrue();
    assertThat(AvailabilityBits.matches(before, after)).isFalse();
    assertThat(AvailabilityBits.matches(null, after)).isFalse();
    assertThat(AvailabilityBits.matches("", after)).isFalse();
  }
}
