package dev.concert.config;

/**
 * How long a queue token that has ended (paid, timed out, abandoned) still reads its user's
 * account: reservations, tickets, balance, ledger, refunds. After it the identity gate answers
 * {@code 401 TOKEN_EXPIRED}. 0: an ended token reads nothing.
 *
 * @param accountGraceSeconds {@code CONCERT_TOKEN_ACCOUNT_GRACE_SECONDS} [3600], at most the
 *     token's signed lifetime (24 h), which bounds it anyway
 */
public record TokenAccountConfig(int accountGraceSeconds) {
  static TokenAccountConfig read(EnvReader r) {
    return new TokenAccountConfig(r.integer("CONCERT_TOKEN_ACCOUNT_GRACE_SECONDS", 3600, 0, 86_400));
  }

  public long accountGraceMillis() {
    return accountGraceSeconds * 1000L;
  }
}
