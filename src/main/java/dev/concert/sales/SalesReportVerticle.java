package dev.concert.sales;

import dev.concert.config.AppConfig;
import dev.concert.infra.PgClients;
import dev.concert.shared.Bus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** The read side of the sales projection behind the event bus (administration traffic: one per process). */
public final class SalesReportVerticle extends VerticleBase {
  private final AppConfig config;

  public SalesReportVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    SalesReport report = new SalesReport(PgClients.pool(vertx, config));
    return Bus.of(vertx).serve(SalesMessages.CONCERT_SALES, request -> report.ofConcert(request.concertId())).completion();
  }
}
