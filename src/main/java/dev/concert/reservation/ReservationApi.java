package dev.concert.reservation;

import dev.concert.http.Routes;
import io.vertx.core.Vertx;

/** HTTP operations of the reservation feature. PLACEHOLDER until its issue lands. */
public final class ReservationApi {
  private ReservationApi() {}

  public static void register(Routes routes, Vertx vertx) {}
}
