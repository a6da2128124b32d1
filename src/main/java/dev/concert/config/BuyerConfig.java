package dev.concert.config;

import java.util.List;
import java.util.Optional;

/**
 * The buyer defences: the per-buyer seat limit, the rate limits (queue tokens, hold attempts,
 * balance charges), and where buyers' identities come from. A limit of 0 is off.
 */
public record BuyerConfig(
    int maxSeatsPerUser,
    int rateTokensPerMinute,
    int rateHoldsPerSecond,
    int rateChargesPerMinute,
    List<String> trustedProxies,
    Optional<String> jwtPublicKey,
    Optional<String> jwksUri,
    int jwksRefreshSeconds,
    Optional<String> issuer,
    Optional<String> audience) {

  static BuyerConfig from(EnvReader r) {
    Optional<String> publicKey = r.optional("CONCERT_AUTH_JWT_PUBLIC_KEY");
    Optional<String> jwks = r.optional("CONCERT_AUTH_JWKS_URI");
    Optional<String> issuer = r.optional("CONCERT_AUTH_ISSUER");
    Optional<String> audience = r.optional("CONCERT_AUTH_AUDIENCE");
    if (publicKey.isPresent() && jwks.isPresent()) {
      r.problem("set CONCERT_AUTH_JWT_PUBLIC_KEY or CONCERT_AUTH_JWKS_URI, not both");
    }
    if ((publicKey.isPresent() || jwks.isPresent()) && (issuer.isEmpty() || audience.isEmpty())) {
      r.problem("CONCERT_AUTH_ISSUER and CONCERT_AUTH_AUDIENCE are needed with CONCERT_AUTH_JWT_PUBLIC_KEY or CONCERT_AUTH_JWKS_URI");
    }
    if (publicKey.isPresent()) {
      try {
        PublicKeyPem.parse(publicKey.get().replace("\\n", "\n"));
      } catch (IllegalArgumentException e) {
        r.problem(e.getMessage());
      }
    }
    if (jwks.isPresent()) {
      r.uri("CONCERT_AUTH_JWKS_URI", jwks.get(), "http", "https");
    }
    String proxies = r.string("CONCERT_TRUSTED_PROXIES", "");
    List<String> trusted = proxies.isBlank() ? List.of() : List.of(proxies.trim().split("\\s*,\\s*"));
    for (String entry : trusted) {
      try {
        AddressBlock.parse(entry);
      } catch (IllegalArgumentException e) {
        r.problem("CONCERT_TRUSTED_PROXIES: " + e.getMessage());
      }
    }
    return new BuyerConfig(
        r.integer("CONCERT_MAX_SEATS_PER_USER", 4, 0, 1000),
        r.integer("CONCERT_RATE_TOKENS_PER_MINUTE", 30, 0, 1_000_000_000),
        r.integer("CONCERT_RATE_HOLDS_PER_SECOND", 5, 0, 1_000_000),
        r.integer("CONCERT_RATE_CHARGES_PER_MINUTE", 10, 0, 1_000_000),
        trusted,
        // A PEM in an environment variable often arrives with literal "\n" for its line breaks.
        publicKey.map(pem -> pem.replace("\\n", "\n")),
        jwks,
        r.integer("CONCERT_AUTH_JWKS_REFRESH_SECONDS", 300, 1, 86_400),
        issuer,
        audience);
  }

  /** Identity comes from an identity provider's JWT; otherwise the body's userId is trusted. */
  public boolean verifiedIdentity() {
    return jwtPublicKey.isPresent() || jwksUri.isPresent();
  }
}
