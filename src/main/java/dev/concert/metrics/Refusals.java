package dev.concert.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts the buyer defences' refusals by reason ({@code concert_buyer_refusals_total{reason}}),
 * one counter per reason registered once, so that a refusal costs no registry lookup.
 */
public final class Refusals {
  /** Why a buyer was refused; the label value is the lower-case name. */
  public enum Reason {
    SEAT_LIMIT,
    RATE_TOKENS_USER,
    RATE_TOKENS_ADDRESS,
    RATE_HOLDS_USER,
    RATE_CHARGES_USER,
    JWT_MISSING,
    JWT_MALFORMED,
    JWT_SIGNATURE,
    JWT_EXPIRED,
    JWT_NOT_YET_VALID,
    JWT_ISSUER,
    JWT_AUDIENCE,
    JWT_ALGORITHM,
    JWT_SUBJECT,
    JWT_USER_MISMATCH,
    JWT_KEYS_UNAVAILABLE;

    public String label() {
      return name().toLowerCase();
    }
  }

  private static final Map<Reason, Counter> COUNTERS = new EnumMap<>(Reason.class);

  static {
    for (Reason reason : Reason.values()) {
      COUNTERS.put(reason, Counter.builder("concert_buyer_refusals")
          .description("requests refused by the buyer defences (seat limit, rate limits, identity), by reason")
          .tag("reason", reason.label())
          .register(Metrics.globalRegistry));
    }
  }

  private Refusals() {}

  public static void count(Reason reason) {
    COUNTERS.get(reason).increment();
  }
}
