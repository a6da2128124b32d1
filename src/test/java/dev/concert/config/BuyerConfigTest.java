package dev.concert.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuyerConfigTest {
  /** An RSA public key as an identity provider publishes it (PEM). */
  private static final String PEM = rsaPublicPem();

  private static String rsaPublicPem() {
    try {
      java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return "-----BEGIN PUBLIC KEY-----\n"
          + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(generator.generateKeyPair().getPublic().getEncoded())
          + "\n-----END PUBLIC KEY-----";
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void defaultsFollowApiMd() {
    BuyerConfig buyers = Env.config(Map.of()).buyers();
    assertThat(buyers.maxSeatsPerUser()).isEqualTo(4);
    assertThat(buyers.rateTokensPerMinute()).isEqualTo(30);
    assertThat(buyers.rateHoldsPerSecond()).isEqualTo(5);
    assertThat(buyers.rateChargesPerMinute()).isEqualTo(10);
    assertThat(buyers.trustedProxies()).isEmpty();
    assertThat(buyers.verifiedIdentity()).isFalse();
  }

  @Test
  void readsEveryVariable() {
    BuyerConfig buyers = Env.config(Map.of(
        "CONCERT_MAX_SEATS_PER_USER", "0",
        "CONCERT_RATE_TOKENS_PER_MINUTE", "0",
        "CONCERT_RATE_HOLDS_PER_SECOND", "9",
        "CONCERT_RATE_CHARGES_PER_MINUTE", "0",
        "CONCERT_TRUSTED_PROXIES", "10.0.0.1, 10.0.0.2",
        "CONCERT_AUTH_JWT_PUBLIC_KEY", PEM.replace("\n", "\\n"),
        "CONCERT_AUTH_ISSUER", "https://id.example",
        "CONCERT_AUTH_AUDIENCE", "concert")).buyers();
    assertThat(buyers.maxSeatsPerUser()).isZero();
    assertThat(buyers.rateTokensPerMinute()).isZero();
    assertThat(buyers.rateHoldsPerSecond()).isEqualTo(9);
    assertThat(buyers.rateChargesPerMinute()).isZero();
    assertThat(buyers.trustedProxies()).isEqualTo(List.of("10.0.0.1", "10.0.0.2"));
    assertThat(buyers.jwtPublicKey()).hasValue(PEM);
    assertThat(buyers.verifiedIdentity()).isTrue();
  }

  @Test
  void anIdentityProviderNeedsIssuerAndAudienceAndOneKeySource() {
    assertThatThrownBy(() -> Env.config(Map.of("CONCERT_AUTH_JWKS_URI", "http://127.0.0.1:1/keys")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CONCERT_AUTH_ISSUER and CONCERT_AUTH_AUDIENCE");
    assertThatThrownBy(() -> Env.config(Map.of(
            "CONCERT_AUTH_JWKS_URI", "http://127.0.0.1:1/keys", "CONCERT_AUTH_JWT_PUBLIC_KEY", "pem",
            "CONCERT_AUTH_ISSUER", "i", "CONCERT_AUTH_AUDIENCE", "a")))
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> Env.config(Map.of("CONCERT_AUTH_JWT_PUBLIC_KEY", "not a key",
            "CONCERT_AUTH_ISSUER", "i", "CONCERT_AUTH_AUDIENCE", "a")))
        .hasMessageContaining("CONCERT_AUTH_JWT_PUBLIC_KEY is not");
    assertThatThrownBy(() -> Env.config(Map.of("CONCERT_TRUSTED_PROXIES", "proxy.example")))
        .hasMessageContaining("CONCERT_TRUSTED_PROXIES");
    assertThatThrownBy(() -> Env.config(Map.of("CONCERT_MAX_SEATS_PER_USER", "-1")))
        .hasMessageContaining("CONCERT_MAX_SEATS_PER_USER");
    assertThatThrownBy(() -> Env.config(Map.of("CONCERT_RATE_CHARGES_PER_MINUTE", "-1")))
        .hasMessageContaining("CONCERT_RATE_CHARGES_PER_MINUTE must be between 0 and");
  }
}
