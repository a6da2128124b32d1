package dev.concert.cancellation;

import dev.concert.shared.Address;
import dev.concert.shared.BusMessage;
import io.vertx.core.json.JsonObject;

/** What the HTTP side asks {@link CancellationVerticle}; the JsonObject replies are the progress document. */
public final class CancellationMessages {
  private CancellationMessages() {}

  /** Cancel the date (a second time changes nothing). */
  public record Cancel(long scheduleId) implements BusMessage {}

  /** The date's cancellation progress. */
  public record Progress(long scheduleId) implements BusMessage {}

  public static final Address<Cancel, JsonObject> CANCEL = Address.of("cancellation.cancel", Cancel.class, JsonObject.class);
  public static final Address<Progress, JsonObject> PROGRESS =
      Address.of("cancellation.progress", Progress.class, JsonObject.class);
}
