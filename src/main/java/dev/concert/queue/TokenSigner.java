package dev.concert.queue;

import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies queue tokens with HMAC-SHA256: {@code base64url(payload).base64url(mac)}, the
 * payload being {@code v2|tokenId|userId|issuedAtSeconds|concertId|seq} ({@code concertId} empty for
 * the service-wide room; {@code v1|tokenId|userId|issuedAtSeconds} tokens still verify, as
 * service-wide ones). Signing is deterministic: the same claims give the same token, so a user
 * asking again gets the very token they hold. A forged, altered or garbled token is refused here,
 * before any I/O.
 */
public final class TokenSigner {
  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final int MAX_TOKEN_LENGTH = 512;

  private final SecretKeySpec key;
  private final Clock clock;
  // Mac is not thread-safe and costly to create; one per thread (event loops are few).
  private final ThreadLocal<Mac> macs;

  public TokenSigner(String secret, Clock clock) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    this.clock = clock;
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  public String sign(QueueToken token) {
    String payload = "v2|" + token.tokenId() + "|" + token.userId() + "|" + token.issuedAt().getEpochSecond() + "|"
        + (token.concertId() == null ? "" : token.concertId()) + "|" + token.seq();
    byte[] payloadBytes = payload.getBytes(StandardCharsets.UTF_8);
    return ENCODER.encodeToString(payloadBytes) + "." + ENCODER.encodeToString(mac(payloadBytes));
  }

  /** A new token for {@code userId}, issued now. */
  public QueueToken newToken(UUID userId) {
    return newToken(userId, null);
  }

  /** A new token for {@code userId} in the room of {@code concertId} (null: service-wide), issued now. */
  public QueueToken newToken(UUID userId, Long concertId) {
    return new QueueToken(UUID.randomUUID().toString(), userId,
        clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), concertId, 0);
  }

  /**
   * The token's claims, or an {@link ApiException}: TOKEN_INVALID when missing, garbled or forged,
   * TOKEN_EXPIRED when past its lifetime.
   */
  public QueueToken verify(String token) {
    QueueToken claims = verifySignature(token);
    if (claims.expiredAt(clock.instant())) {
      throw expired();
    }
    return claims;
  }

  /** Whether the token is past its signed lifetime (then only a live place in the queue keeps it valid). */
  public boolean pastLifetime(QueueToken claims) {
    return claims.expiredAt(clock.instant());
  }

  /** Whether the token was issued less than {@code millis} ago by this clock. */
  public boolean issuedWithin(QueueToken claims, long millis) {
    return clock.millis() - claims.issuedAt().toEpochMilli() < millis;
  }

  static ApiException expired() {
    return new ApiException(ErrorCode.TOKEN_EXPIRED, "queue token is past its lifetime; request a new one");
  }

  /** The token's claims if genuine, whatever its age; TOKEN_INVALID when missing, garbled or forged. */
  public QueueToken verifySignature(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      throw invalid("missing or malformed queue token");
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      throw invalid("malformed queue token");
    }
    String encodedPayload = token.substring(0, dot);
    byte[] payload;
    try {
      payload = DECODER.decode(encodedPayload);
    } catch (IllegalArgumentException e) {
      throw invalid("malformed queue token");
    }
    // Only the canonical encoding is genuine: unpadded base64 ignores a last character's spare
    // bits, so comparing decoded bytes would accept several spellings of one token.
    if (!ENCODER.encodeToString(payload).equals(encodedPayload)) {
      throw invalid("malformed queue token");
    }
    byte[] expected = ENCODER.encodeToString(mac(payload)).getBytes(StandardCharsets.US_ASCII);
    // Constant-time: a timing side channel must not help forge a signature.
    if (!MessageDigest.isEqual(expected, token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
      throw invalid("queue token signature does not match");
    }
    return parse(new String(payload, StandardCharsets.UTF_8));
  }

  /** The token from an {@code Authorization: Bearer <token>} header value. */
  public QueueToken verifyBearer(String authorization) {
    QueueToken claims = verifyBearerSignature(authorization);
    if (claims.expiredAt(clock.instant())) {
      throw expired();
    }
    return claims;
  }

  /** The token from an {@code Authorization: Bearer <token>} header value, if genuine, whatever its age. */
  public QueueToken verifyBearerSignature(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw invalid("missing Authorization: Bearer <queue token>");
    }
    return verifySignature(authorization.substring(7).trim());
  }

  private static QueueToken parse(String payload) {
    String[] parts = payload.split("\\|", -1);
    boolean v1 = parts.length == 4 && parts[0].equals("v1");
    if (!v1 && !(parts.length == 6 && parts[0].equals("v2"))) {
      throw invalid("unknown queue token version");
    }
    try {
      Instant issuedAt = Instant.ofEpochSecond(Long.parseLong(parts[3]));
      if (v1) {
        return new QueueToken(parts[1], UUID.fromString(parts[2]), issuedAt);
      }
      return new QueueToken(parts[1], UUID.fromString(parts[2]), issuedAt,
          parts[4].isEmpty() ? null : Long.valueOf(parts[4]), Long.parseLong(parts[5]));
    } catch (IllegalArgumentException e) {
      throw invalid("malformed queue token");
    }
  }

  private byte[] mac(byte[] payload) {
    return macs.get().doFinal(payload);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ApiException invalid(String detail) {
    return new ApiException(ErrorCode.TOKEN_INVALID, detail);
  }
}
