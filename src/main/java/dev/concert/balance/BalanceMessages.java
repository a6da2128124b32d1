package dev.concert.balance;

import dev.concert.shared.Address;
import dev.concert.shared.BusMessage;
import dev.concert.shared.StatusReply;
import io.vertx.core.json.JsonObject;

/** What the HTTP side and {@link BalanceVerticle} say to each other; the JsonObject replies are the HTTP bodies as is. */
public final class BalanceMessages {
  private BalanceMessages() {}

  public record OfUser(String userId) implements BusMessage {}

  /** Add {@code amount} to the user's balance; {@code idempotencyKey} null when none was sent. */
  public record Charge(String userId, long amount, String idempotencyKey) implements BusMessage {}

  /** A page of the user's ledger, newest first; {@code after} null for the first. */
  public record LedgerPage(String userId, int limit, String after) implements BusMessage {}

  public static final Address<OfUser, JsonObject> BALANCE = Address.of("balance.get", OfUser.class, JsonObject.class);
  public static final Address<Charge, StatusReply> CHARGE = Address.of("balance.charge", Charge.class, StatusReply.class);
  public static final Address<LedgerPage, JsonObject> TRANSACTIONS =
      Address.of("balance.transactions", LedgerPage.class, JsonObject.class);
}
