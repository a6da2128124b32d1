package dev.concert.payment;

import dev.concert.http.Routes;
import io.vertx.core.Vertx;

/** HTTP operations of the payment feature. PLACEHOLDER until its issue lands. */
public final class PaymentApi {
  private PaymentApi() {}

  public static void register(Routes routes, Vertx vertx) {}
}
