package dev.concert.doors;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A door key is 256 random bits (base64url, after a {@code door_} prefix that tells it apart from an
 * Admin-Key in logs and support requests); Postgres keeps only its SHA-256. A slow password hash
 * (bcrypt, scrypt) exists to make guessing low-entropy passwords expensive; a 256-bit random key
 * cannot be guessed at any speed, so a fast hash loses nothing, and it keeps a check-in to one
 * index lookup by the hash. Lookup by hash also compares nothing secret in Java: the database's
 * stored hashes, not keys, are what a timing difference could tell about.
 */
public final class DoorKeySecrets {
  private static final String PREFIX = "door_";
  private static final int KEY_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private DoorKeySecrets() {}

  /** A new key, shown to the operator once. */
  public static String newKey() {
    byte[] bytes = new byte[KEY_BYTES];
    RANDOM.nextBytes(bytes);
    return PREFIX + ENCODER.encodeToString(bytes);
  }

  /** The SHA-256 of the key's text, as lowercase hex (what Postgres keeps and looks up). */
  public static String hash(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
