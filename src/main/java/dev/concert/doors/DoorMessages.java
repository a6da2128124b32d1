package dev.concert.doors;

import dev.concert.shared.Address;
import dev.concert.shared.BusMessage;
import dev.concert.shared.Done;
import io.vertx.core.json.JsonObject;

/**
 * What the HTTP side asks {@link DoorVerticle}; JsonObject replies are the HTTP bodies as is. A key
 * travels only as its SHA-256 ({@code keyHash}), never itself.
 */
public final class DoorMessages {
  private DoorMessages() {}

  public record CreateKey(long scheduleId, String label) implements BusMessage {}

  public record RevokeKey(String keyId) implements BusMessage {}

  /** Is there a live key with this hash (else DOOR_KEY_INVALID)? */
  public record VerifyKey(String keyHash) implements BusMessage {}

  /** Admit the ticket {@code code} with the key of {@code keyHash}, for the key's date only. */
  public record CheckIn(String keyHash, String code) implements BusMessage {}

  public static final Address<CreateKey, JsonObject> CREATE_KEY = Address.of("doors.create-key", CreateKey.class, JsonObject.class);
  public static final Address<RevokeKey, Done> REVOKE_KEY = Address.of("doors.revoke-key", RevokeKey.class, Done.class);
  public static final Address<VerifyKey, Done> VERIFY_KEY = Address.of("doors.verify-key", VerifyKey.class, Done.class);
  public static final Address<CheckIn, JsonObject> CHECK_IN = Address.of("doors.check-in", CheckIn.class, JsonObject.class);
}
