package dev.concert.tickets;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Ticket codes: the reservation and seat, signed with an HMAC. A door can tell a forged or altered
 * code from a genuine one without any lookup; only the check-in itself touches Postgres. Codes are
 * computed, not stored: the same reservation and seat always give the same code.
 *
 * <p>Format: base64url (no padding) of 16 bytes reservation id, 2 bytes seat number and the first
 * 16 bytes of HMAC-SHA256 over a version byte (1) and those 18 bytes. A place numbered above 65,535
 * (a venue has up to 100,000) takes 4 bytes and version 2, so every code issued before stays the
 * same. The key is derived from the token secret (CONCERT_TOKEN_SECRET), so it is the same on every
 * instance.
 */
public final class TicketCodes {
  /** A genuine ticket: which reservation and seat. */
  public record Ticket(UUID reservationId, int seatNumber) {}

  private static final byte VERSION = 1;
  private static final byte WIDE_VERSION = 2;
  private static final int BODY = 18;
  private static final int WIDE_BODY = 20;
  private static final int MAC_BYTES = 16;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final byte[] key;
  private final ThreadLocal<Mac> macs;

  public TicketCodes(String tokenSecret) {
    this.key = hmac(tokenSecret.getBytes(StandardCharsets.UTF_8), "concert tickets v1".getBytes(StandardCharsets.UTF_8));
    this.macs = ThreadLocal.withInitial(() -> newMac(key));
  }

  public String code(UUID reservationId, int seatNumber) {
    boolean wide = seatNumber > 0xFFFF;
    int body = wide ? WIDE_BODY : BODY;
    ByteBuffer bytes = ByteBuffer.allocate(body + MAC_BYTES);
    bytes.putLong(reservationId.getMostSignificantBits()).putLong(reservationId.getLeastSignificantBits());
    if (wide) {
      bytes.putInt(seatNumber);
    } else {
      bytes.putShort((short) seatNumber);
    }
    bytes.put(sign(wide ? WIDE_VERSION : VERSION, bytes.array(), 0, body), 0, MAC_BYTES);
    return ENCODER.encodeToString(bytes.array());
  }

  /** The ticket a code stands for, or empty for anything not signed by this service. */
  public Optional<Ticket> verify(String code) {
    byte[] bytes;
    try {
      bytes = DECODER.decode(code);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    // Only the canonical spelling: base64's unused trailing bits would otherwise let a code have aliases.
    boolean wide = bytes.length == WIDE_BODY + MAC_BYTES;
    int length = wide ? WIDE_BODY : BODY;
    if ((bytes.length != BODY + MAC_BYTES && !wide) || !ENCODER.encodeToString(bytes).equals(code)) {
      return Optional.empty();
    }
    byte[] expected = Arrays.copyOf(sign(wide ? WIDE_VERSION : VERSION, bytes, 0, length), MAC_BYTES);
    if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(bytes, length, length + MAC_BYTES))) {
      return Optional.empty();
    }
    ByteBuffer body = ByteBuffer.wrap(bytes, 0, length);
    UUID reservationId = new UUID(body.getLong(), body.getLong());
    int seat = wide ? body.getInt() : Short.toUnsignedInt(body.getShort());
    return Optional.of(new Ticket(reservationId, seat));
  }

  /** {@code [{"seatNumber","code"}]} for a paid reservation's seats. */
  public JsonArray tickets(UUID reservationId, List<Integer> seatNumbers) {
    return tickets(reservationId, seatNumbers, null);
  }

  /**
   * The tickets with their places' labels ({@code section, row, seat, grade}) taken from
   * {@code places} (the reservation's {@code seats}; null: numbers only).
   */
  public JsonArray tickets(UUID reservationId, List<Integer> seatNumbers, JsonArray places) {
    JsonArray tickets = new JsonArray();
    for (int i = 0; i < seatNumbers.size(); i++) {
      int seat = seatNumbers.get(i);
      JsonObject ticket = new JsonObject().put("seatNumber", seat).put("code", code(reservationId, seat));
      JsonObject place = places == null || i >= places.size() ? null : places.getJsonObject(i);
      if (place != null && place.getInteger("seatNumber") == seat) {
        ticket.put("section", place.getString("section")).put("row", place.getString("row"))
            .put("seat", place.getString("seat")).put("grade", place.getString("grade"));
      }
      tickets.add(ticket);
    }
    return tickets;
  }

  private byte[] sign(byte version, byte[] bytes, int offset, int length) {
    Mac mac = macs.get();
    mac.update(version);
    mac.update(bytes, offset, length);
    return mac.doFinal();
  }

  private static byte[] hmac(byte[] key, byte[] message) {
    return newMac(key).doFinal(message);
  }

  private static Mac newMac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
