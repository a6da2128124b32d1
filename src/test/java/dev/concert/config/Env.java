package dev.concert.config;

import java.util.HashMap;
import java.util.Map;

/** Configurations for tests: the two secrets that a start outside development mode needs, plus {@code vars}. */
final class Env {
  static final String SECRET = "a-long-enough-secret";
  static final String ADMIN_KEY = "test-admin-key";

  private Env() {}

  static Map<String, String> withSecrets(Map<String, String> vars) {
    Map<String, String> env = new HashMap<>();
    env.put("CONCERT_TOKEN_SECRET", SECRET);
    env.put("CONCERT_ADMIN_KEY", ADMIN_KEY);
    env.putAll(vars);
    return env;
  }

  static AppConfig config(Map<String, String> vars) {
    return AppConfig.from(withSecrets(vars));
  }
}
