package dev.concert.config;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The identity provider's public key as CONCERT_AUTH_JWT_PUBLIC_KEY gives it (PEM, BEGIN PUBLIC
 * KEY): parsed here so that a bad key stops start-up with the other bad variables.
 */
public final class PublicKeyPem {
  private PublicKeyPem() {}

  /** The RSA or EC public key of {@code pem}; throws IllegalArgumentException for anything else. */
  public static PublicKey parse(String pem) {
    String body = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("CONCERT_AUTH_JWT_PUBLIC_KEY is not a PEM public key");
    }
    for (String type : new String[] {"RSA", "EC"}) {
      try {
        return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // not a key of this type: try the next
      }
    }
    throw new IllegalArgumentException("CONCERT_AUTH_JWT_PUBLIC_KEY is not an RSA or EC public key (PEM, BEGIN PUBLIC KEY)");
  }
}
