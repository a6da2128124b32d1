package dev.concert.config;

/** A configuration value that cannot be used; start-up stops with this message. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
