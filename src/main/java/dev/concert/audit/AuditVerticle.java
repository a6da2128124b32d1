package dev.concert.audit;

import dev.concert.cluster.ClusterSignals;
import dev.concert.config.AppConfig;
import dev.concert.infra.RedisClients;
import dev.concert.shared.Bus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit behind the event bus, and on a timer (CONCERT_AUDIT_INTERVAL_SECONDS, 0 = only on
 * request: turn it off for a sale) so that the gauges follow the data. One per process. Each round
 * has its own Postgres connection, never the request pool's (see {@link Auditor}).
 */
public final class AuditVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(AuditVerticle.class);

  private final AppConfig config;
  private boolean periodicRunning;

  public AuditVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    Auditor auditor = new Auditor(vertx, config.pgUri(), RedisClients.create(vertx, config),
        config.outboxRetentionHours(), config.auditTimeLimitMillis(), Clock.systemUTC());
    if (config.auditIntervalSeconds() > 0) {
      long every = config.auditIntervalSeconds() * 1000L;
      vertx.setPeriodic(every, every, id -> ClusterSignals.runAsLeader(vertx, "audit", every, () -> periodicRound(auditor)));
    }
    return Bus.of(vertx).serve(AuditMessages.AUDIT, request -> auditor.run().onSuccess(this::logFindings)).completion();
  }

  /** A round of the timer, unless the last one is still running (a slow database): never two at once. */
  private void periodicRound(Auditor auditor) {
    if (periodicRunning) {
      return;
    }
    periodicRunning = true;
    auditor.run()
        .onSuccess(this::logFindings)
        .onFailure(failure -> LOG.warn("audit failed: {}", failure.getMessage()))
        .onComplete(done -> periodicRunning = false);
  }

  private void logFindings(JsonObject report) {
    if (report.getLong("discrepancies") > 0) {
      LOG.warn("audit found {} discrepancies: {}", report.getLong("discrepancies"), report.getJsonObject("checks").encode());
    }
  }
}
