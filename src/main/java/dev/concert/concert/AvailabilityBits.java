package dev.concert.concert;

import dev.concert.seats.SeatStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The availability document's encoding (pure): 2 bits a place, place 1 in the two high bits of the
 * first byte, four places a byte; a last byte's unused low bits are 0. A 70,000-place date is
 * 17,500 bytes, 23,336 characters of base64.
 */
public final class AvailabilityBits {
  public static final int AVAILABLE = 0;
  public static final int HELD = 1;
  public static final int SOLD = 2;
  /** A place taken off the sale by an operator ({@link SeatStatus#WITHHELD}). */
  public static final int WITHHELD = 3;

  private AvailabilityBits() {}

  /** A state's 2-bit code. The switch is exhaustive on purpose: a new state does not compile until it has one. */
  public static int code(SeatStatus status) {
    return switch (status) {
      case AVAILABLE -> AVAILABLE;
      case HELD -> HELD;
      case SOLD -> SOLD;
      case WITHHELD -> WITHHELD;
    };
  }

  /** Places 1..states.length packed, place n from {@code states[n - 1]}. */
  public static byte[] pack(SeatStatus[] states) {
    byte[] packed = new byte[(states.length + 3) / 4];
    for (int i = 0; i < states.length; i++) {
      int code = code(states[i]);
      if (code != AVAILABLE) {
        set(packed, i + 1, code);
      }
    }
    return packed;
  }

  /** Sets place {@code seatNumber}'s code (its two bits, from the high end of its byte). */
  static void set(byte[] packed, int seatNumber, int code) {
    int index = (seatNumber - 1) >> 2;
    int shift = 6 - 2 * ((seatNumber - 1) & 3);
    packed[index] = (byte) ((packed[index] & ~(3 << shift)) | (code << shift));
  }

  /** Place {@code seatNumber}'s code. */
  public static int get(byte[] packed, int seatNumber) {
    int shift = 6 - 2 * ((seatNumber - 1) & 3);
    return (packed[(seatNumber - 1) >> 2] >> shift) & 3;
  }

  /** The document: {@code {"scheduleId","capacity","statuses"}} as JSON text. */
  public static String document(long scheduleId, SeatStatus[] states) {
    String statuses = Base64.getEncoder().encodeToString(pack(states));
    return new StringBuilder(64 + statuses.length()).append("{\"scheduleId\":").append(scheduleId)
        .append(",\"capacity\":").append(states.length).append(",\"statuses\":\"").append(statuses).append("\"}")
        .toString();
  }

  /**
   * The document's entity tag: a hash of its bytes, so every instance gives the same tag to the
   * same document (a client may be answered by any of them) and a new state always a new tag.
   */
  public static String etag(byte[] document) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(document);
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  public static String etag(String document) {
    return etag(document.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * True when an {@code If-None-Match} header names {@code etag} (a list of tags, weak ones
   * compared weakly as RFC 9110 says for this header, or {@code *}).
   */
  public static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String candidate = tag.trim();
      if (candidate.equals("*")) {
        return true;
      }
      if (candidate.startsWith("W/")) {
        candidate = candidate.substring(2);
      }
      if (candidate.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
