package dev.concert.config;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What an instance runs ({@code CONCERT_ROLES}, names fixed by the contract, docs/configuration.md). A role is a set of
 * feature modules ({@code app.FeatureModule#role}): an instance deploys the verticles of every module of its roles
 * (payment: balances, payments, tickets; reservation: holds and the audit). {@code http} is the HTTP edge, which binds
 * every module's operations. Instances of one cluster together serve the whole contract as long as every role runs somewhere.
 */
public enum Role {
  HTTP, QUEUE, CONCERT, RESERVATION, PAYMENT, RELAY, SALES;

  /** Parses a comma-separated list; blank means all roles. Unknown names go to {@code problems}. */
  static Set<Role> parse(String list, java.util.function.Consumer<String> problems) {
    if (list == null || list.isBlank()) {
      return EnumSet.allOf(Role.class);
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : list.split(",")) {
      String trimmed = name.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      try {
        roles.add(Role.valueOf(trimmed.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException unknown) {
        problems.accept("CONCERT_ROLES names http, queue, concert, reservation, payment, relay, sales; got '" + trimmed + "'");
      }
    }
    if (roles.isEmpty()) {
      problems.accept("CONCERT_ROLES must name at least one role");
    }
    return roles;
  }
}
