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
 * secret seed and the pre-queue's token ids: the ids sorted ascending by their {@link #drawKey},
 * the first 52 bits of {@code SHA-256(seed || UTF-8(tokenId))} read as an unsigned big-endian
 * number, ties (at 200,000 ids, one opening in about 200,000 has one) by the ids' UTF-8 bytes. 52 bits because a key is a Redis sorted-set score, a double, exact up to 2^53: the
 * pre-queue is kept sorted by it from each token's join on (queue_issue.lua), and a sorted set
 * breaks equal scores by the members' bytes, so Redis holds exactly this order before the opening.
 *
 * <p>Before the opening only {@link #commitment} of the seed is published; the seed is revealed
 * after, so anyone can recompute the order (docs/fairness.md) while nobody, the operator included,
 * could steer it: token ids are random and issued by the server, and the seed was fixed
 * (committed) when the concert was created. The keys stay inside Redis and the server until then.
 */
public final class OpeningOrder {
  private OpeningOrder() {}

  /** The token's key in the draw: the first 52 bits of SHA-256(seed || UTF-8(tokenId)), in [0, 2^52). */
  public static long drawKey(byte[] seed, String tokenId) {
    MessageDigest sha256 = sha256();
    sha256.update(seed);
    return drawKey(sha256.digest(tokenId.getBytes(StandardCharsets.UTF_8)));
  }

  private static long drawKey(byte[] digest) {
    long first56 = 0;
    for (int i = 0; i < 7; i++) {
      first56 = (first56 << 8) | (digest[i] & 0xff);
    }
    return first56 >>> 4;
  }

  public static List<String> order(byte[] seed, Collection<String> tokenIds) {
    record Keyed(long key, byte[] id, String tokenId) {}
    List<Keyed> keyed = new ArrayList<>(tokenIds.size());
    MessageDigest sha256 = sha256();
    for (String tokenId : tokenIds) {
      byte[] id = tokenId.getBytes(StandardCharsets.UTF_8);
      sha256.update(seed);
      keyed.add(new Keyed(drawKey(sha256.digest(id)), id, tokenId));
    }
    keyed.sort((a, b) -> {
      int byKey = Long.compare(a.key(), b.key());
      return byKey != 0 ? byKey : Arrays.compareUnsigned(a.id(), b.id());
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
