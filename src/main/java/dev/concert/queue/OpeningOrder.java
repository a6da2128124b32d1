package dev.concert.queue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * The order a room's pre-queue gets at the opening, a public, deterministic function of the room's
 * secret seed and the pre-queue's token ids: the ids sorted ascending by
 * {@code SHA-256(seed || UTF-8(tokenId))} read as an unsigned big-endian number (ties, which
 * SHA-256 makes practically impossible, by the id itself). Before the opening only
 * {@link #commitment} of the seed is published; the seed is revealed after, so anyone can
 * recompute the order (docs/fairness.md) while nobody, the operator included, could steer it:
 * token ids are random and issued before the seed is known to anyone outside, and the seed was
 * fixed (committed) when the concert was created.
 */
public final class OpeningOrder {
  private OpeningOrder() {}

  public static List<String> order(byte[] seed, Collection<String> tokenIds) {
    record Keyed(byte[] key, String tokenId) {}
    List<Keyed> keyed = new ArrayList<>(tokenIds.size());
    MessageDigest sha256 = sha256();
    for (String tokenId : tokenIds) {
      sha256.update(seed);
      sha256.update(tokenId.getBytes(StandardCharsets.UTF_8));
      keyed.add(new Keyed(sha256.digest(), tokenId));
    }
    keyed.sort((a, b) -> {
      int byKey = Arrays.compareUnsigned(a.key(), b.key());
      return byKey != 0 ? byKey : a.tokenId().compareTo(b.tokenId());
    });
    return keyed.stream().map(Keyed::tokenId).toList();
  }

  /** The published commitment: hex SHA-256 of the seed. */
  public static String commitment(byte[] seed) {
    return HexFormat.of().formatHex(sha256().digest(seed));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
