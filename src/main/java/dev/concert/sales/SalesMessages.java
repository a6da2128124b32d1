package dev.concert.sales;

import dev.concert.shared.Address;
import dev.concert.shared.BusMessage;
import io.vertx.core.json.JsonObject;

/** What the HTTP side asks {@link SalesReportVerticle}; the reply is the HTTP body as is. */
public final class SalesMessages {
  private SalesMessages() {}

  public record ConcertSales(long concertId) implements BusMessage {}

  public static final Address<ConcertSales, JsonObject> CONCERT_SALES =
      Address.of("sales.concert", ConcertSales.class, JsonObject.class);
}
