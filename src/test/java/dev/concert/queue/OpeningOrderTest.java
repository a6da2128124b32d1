package dev.concert.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OpeningOrderTest {
  private static final byte[] SEED = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

  @Test
  void theOrderIsAPermutationDeterminedBySeedAndIdsAlone() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      ids.add(UUID.randomUUID().toString());
    }
    List<String> order = OpeningOrder.order(SEED, ids);
    assertThat(order).containsExactlyInAnyOrderElementsOf(ids);
    List<String> shuffledInput = new ArrayList<>(ids);
    java.util.Collections.reverse(shuffledInput);
    assertThat(OpeningOrder.order(SEED, shuffledInput)).isEqualTo(order);
    byte[] otherSeed = SEED.clone();
    otherSeed[0] = 1;
    assertThat(OpeningOrder.order(otherSeed, ids)).isNotEqualTo(order);
  }

  @Test
  void matchesTheDocumentedFunction() throws Exception {
    List<String> ids = List.of("b", "a", "c", "6a0f1d8e-4b8b-4c61-9a53-2d1f1f7c1a01");
    List<String> expected = new ArrayList<>(ids);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    // The first 52 bits (13 hex digits) of the digest, as a number.
    expected.sort(Comparator.comparing(id -> {
      sha.update(SEED);
      return new BigInteger(HexFormat.of().formatHex(sha.digest(id.getBytes(StandardCharsets.UTF_8))).substring(0, 13), 16);
    }));
    assertThat(OpeningOrder.order(SEED, ids)).isEqualTo(expected);
    // Known answer, also produced by scripts/verify_opening.py's opening_order().
    assertThat(OpeningOrder.order(SEED, ids)).containsExactly("c", "6a0f1d8e-4b8b-4c61-9a53-2d1f1f7c1a01", "b", "a");
    // The keys (the pre-queue's scores), as scripts/verify_opening.py computes them too.
    assertThat(OpeningOrder.drawKey(SEED, "c")).isEqualTo(293580933101749L);
    assertThat(OpeningOrder.drawKey(SEED, "6a0f1d8e-4b8b-4c61-9a53-2d1f1f7c1a01")).isEqualTo(2157260366045381L);
    assertThat(OpeningOrder.commitment(SEED))
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(SEED)));
  }

  @Test
  void everyDrawKeyIsAnExactRedisScore() {
    for (int i = 0; i < 10_000; i++) {
      long key = OpeningOrder.drawKey(SEED, UUID.randomUUID().toString());
      assertThat(key).isBetween(0L, (1L << 52) - 1);
      assertThat((long) (double) key).isEqualTo(key);
    }
  }

  @Test
  void joinOrderDoesNotPredictTheOpeningOrder() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      ids.add(UUID.randomUUID().toString());
    }
    List<String> order = OpeningOrder.order(SEED, ids);
    double[] joined = new double[ids.size()];
    double[] admitted = new double[ids.size()];
    for (int i = 0; i < ids.size(); i++) {
      joined[i] = i;
      admitted[i] = order.indexOf(ids.get(i));
    }
    assertThat(Math.abs(Ranks.spearman(joined, admitted))).isLessThan(0.1);
  }
}
