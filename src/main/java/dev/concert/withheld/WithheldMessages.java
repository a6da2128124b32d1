package dev.concert.withheld;

import dev.concert.shared.Address;
import dev.concert.shared.BusMessage;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** What the HTTP side asks {@link WithheldVerticle}; the JsonObject replies are the HTTP bodies as is. */
public final class WithheldMessages {
  private WithheldMessages() {}

  /** Withhold ({@code withhold} true) or put back the places named: {@code seatNumbers}, or the section {@code section}. */
  public record Change(long scheduleId, boolean withhold, List<Integer> seatNumbers, Long section)
      implements BusMessage {}

  public static final Address<Change, JsonObject> CHANGE = Address.of("withheld.change", Change.class, JsonObject.class);
}
