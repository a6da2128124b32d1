package dev.concert.balance;

import dev.concert.shared.ApiException;

/** The money rules of the contract (openapi.yaml): whole won, charges of 1 to 100,000,000, a ceiling on any balance. */
public final class Money {
  public static final long MIN_CHARGE = 1;
  public static final long MAX_CHARGE = 100_000_000L;
  public static final long BALANCE_CEILING = 1_000_000_000_000L;

  private Money() {}

  public static long requireChargeAmount(long amount) {
    if (amount < MIN_CHARGE || amount > MAX_CHARGE) {
      throw ApiException.invalid("amount: must be between " + MIN_CHARGE + " and " + MAX_CHARGE);
    }
    return amount;
  }
}
