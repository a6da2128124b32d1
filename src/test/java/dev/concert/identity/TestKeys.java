package dev.concert.identity;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/** An identity provider's RSA key made up by a test: signs JWTs by hand and publishes itself as PEM or JWK. */
final class TestKeys {
  private final KeyPair pair;
  private final String kid;

  private TestKeys(KeyPair pair, String kid) {
    this.pair = pair;
    this.kid = kid;
  }

  static TestKeys generate(String kid) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return new TestKeys(generator.generateKeyPair(), kid);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  String publicPem() {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  JsonObject jwk() {
    RSAPublicKey key = (RSAPublicKey) pair.getPublic();
    return new JsonObject().put("kty", "RSA").put("kid", kid).put("use", "sig").put("alg", "RS256")
        .put("n", unsigned(key.getModulus())).put("e", unsigned(key.getPublicExponent()));
  }

  /** A JWT with these claims, signed RS256 with this key (header names the kid). */
  String sign(JsonObject claims) {
    String header = segment(new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", kid));
    String signingInput = header + "." + segment(claims);
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(pair.getPrivate());
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The algorithm-confusion forgery: HS256 with this key's public PEM as the HMAC secret. */
  String hmacWithPublicKey(JsonObject claims) {
    String signingInput = segment(new JsonObject().put("alg", "HS256").put("typ", "JWT").put("kid", kid)) + "." + segment(claims);
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(publicPem().getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
      return signingInput + "." + Base64.getUrlEncoder().withoutPadding()
          .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The same claims with {@code alg: none} and no signature. */
  static String unsigned(JsonObject claims) {
    return segment(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + segment(claims) + ".";
  }

  static String segment(JsonObject json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static String unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    int skip = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
    byte[] trimmed = new byte[bytes.length - skip];
    System.arraycopy(bytes, skip, trimmed, 0, trimmed.length);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(trimmed);
  }
}
