package dev.concert.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads typed values from an environment map; every bad value is collected so one start-up reports all. */
final class EnvReader {
  private final Map<String, String> env;
  private final List<String> problems = new ArrayList<>();

  EnvReader(Map<String, String> env) {
    this.env = env;
  }

  Optional<String> optional(String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(value.trim());
  }

  String string(String name, String fallback) {
    return optional(name).orElse(fallback);
  }

  int integer(String name, int fallback, int min, int max) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.get());
      if (value < min || value > max) {
        problems.add(name + " must be between " + min + " and " + max + ", got " + value);
        return fallback;
      }
      return value;
    } catch (NumberFormatException e) {
      problems.add(name + " must be a whole number, got '" + raw.get() + "'");
      return fallback;
    }
  }

  boolean bool(String name, boolean fallback) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    switch (raw.get().toLowerCase()) {
      case "true": case "1": case "yes": case "on":
        return true;
      case "false": case "0": case "no": case "off":
        return false;
      default:
        problems.add(name + " must be true or false, got '" + raw.get() + "'");
        return fallback;
    }
  }

  String oneOf(String name, String fallback, String... allowed) {
    String value = string(name, fallback);
    if (!List.of(allowed).contains(value)) {
      problems.add(name + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
      return fallback;
    }
    return value;
  }

  /** A URI of one of {@code schemes}; a bad one is reported with its password masked. */
  String uri(String name, String fallback, String... schemes) {
    String value = string(name, fallback);
    try {
      URI uri = new URI(value);
      if (uri.getScheme() == null || !List.of(schemes).contains(uri.getScheme())) {
        problems.add(name + " must be a URI with scheme " + String.join(" or ", schemes) + ", got '" + MaskedUri.of(value) + "'");
      }
    } catch (URISyntaxException e) {
      // Not e.getMessage(): it quotes the whole input, password included.
      problems.add(name + " is not a valid URI (" + e.getReason() + " at index " + e.getIndex() + "): '"
          + MaskedUri.of(value) + "'");
    }
    return value;
  }

  void problem(String message) {
    problems.add(message);
  }

  void failOnProblems() {
    if (!problems.isEmpty()) {
      throw new ConfigException("Invalid configuration:\n  - " + String.join("\n  - ", problems));
    }
  }
}
