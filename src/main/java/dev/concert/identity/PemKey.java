package dev.concert.identity;

import dev.concert.config.PublicKeyPem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.List;

/** One public key given as PEM (CONCERT_AUTH_JWT_PUBLIC_KEY): RSA (RS256/384/512) or EC (ES256/384/512 by curve). */
public final class PemKey implements VerificationKeys {
  private final Future<JWTAuth> verifier;

  PemKey(Vertx vertx, String pem, JWTOptions options) {
    JWTAuthOptions auth = new JWTAuthOptions().setJWTOptions(options);
    for (String algorithm : algorithmsOf(pem)) {
      auth.addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(pem));
    }
    this.verifier = Future.succeededFuture(JWTAuth.create(vertx, auth));
  }

  @Override
  public Future<JWTAuth> current() {
    return verifier;
  }

  @Override
  public Future<JWTAuth> refreshedForUnknownKey() {
    return Future.succeededFuture();
  }

  /** The signature algorithms this key can verify; refuses anything but an RSA or EC public key. */
  private static List<String> algorithmsOf(String pem) {
    PublicKey key = PublicKeyPem.parse(pem);
    if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      return List.of(bits <= 256 ? "ES256" : bits <= 384 ? "ES384" : "ES512");
    }
    return List.of("RS256", "RS384", "RS512");
  }
}
