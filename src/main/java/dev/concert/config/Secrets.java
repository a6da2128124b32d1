package dev.concert.config;

import java.util.Optional;

/**
 * The signing secret and the administration key, and whether the service may start without them:
 * only in development mode (CONCERT_DEV_MODE=true), which then signs with a development secret that
 * is public in this code and listens on 127.0.0.1 only. Otherwise a missing one refuses the start,
 * so that no deployment runs with forgeable tokens by accident.
 */
record Secrets(String tokenSecret, boolean developmentTokenSecret, Optional<String> adminKey, boolean devMode) {
  /** Development-only signing key; start-up warns when it is in use. */
  static final String DEV_TOKEN_SECRET = "concert-dev-secret-change-me-0123456789";
  static final int MIN_SECRET_LENGTH = 16;

  static Secrets read(EnvReader r) {
    boolean devMode = r.bool("CONCERT_DEV_MODE", false);
    Optional<String> secret = r.optional("CONCERT_TOKEN_SECRET");
    Optional<String> adminKey = r.optional("CONCERT_ADMIN_KEY");
    if (secret.isPresent() && secret.get().length() < MIN_SECRET_LENGTH) {
      r.problem("CONCERT_TOKEN_SECRET must be at least " + MIN_SECRET_LENGTH + " characters");
    }
    if (!devMode) {
      if (secret.isEmpty()) {
        r.problem("CONCERT_TOKEN_SECRET is not set: set it to a random string of " + MIN_SECRET_LENGTH
            + "+ characters, the same on every instance (or CONCERT_DEV_MODE=true for development on 127.0.0.1)");
      }
      if (adminKey.isEmpty()) {
        r.problem("CONCERT_ADMIN_KEY is not set: set it to a random string"
            + " (or CONCERT_DEV_MODE=true for development on 127.0.0.1, where the administration API is then off)");
      }
    }
    return new Secrets(secret.orElse(DEV_TOKEN_SECRET), secret.isEmpty(), adminKey, devMode);
  }

  @Override
  public String toString() {
    return "Secrets[***, devMode=" + devMode + "]";
  }
}
