package dev.concert.queue;

import dev.concert.config.AppConfig;
import dev.concert.infra.RedisClients;
import dev.concert.metrics.DomainMetrics;
import dev.concert.shared.Bus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The waiting queue: issues tokens, tells their place, ends them after payment, and admits the
 * waiting on a timer. Every instance ticks; the admission script keeps the total at the configured
 * rate however many tick.
 */
public final class QueueVerticle extends VerticleBase {
  public static final String ISSUE = "queue.issue";
  public static final String CURRENT = "queue.current";
  public static final String END_TOKEN = "queue.end-token";
  private static final Logger LOG = LoggerFactory.getLogger(QueueVerticle.class);

  private final AppConfig config;
  private final boolean admits;
  private RedisQueueStore store;
  private boolean admitting;
  private boolean lastAdmissionFailed;

  /** {@code admits}: this instance runs the admission timer (one per process is enough). */
  public QueueVerticle(AppConfig config, boolean admits) {
    this.config = config;
    this.admits = admits;
  }

  @Override
  public Future<?> start() {
    Redis redis = RedisClients.pipelined(vertx, config);
    store = new RedisQueueStore(redis);
    QueueService service = new QueueService(store, new TokenSigner(config.tokenSecret(), Clock.systemUTC()),
        config.queueAdmitPerSecond());
    if (admits) {
      vertx.setPeriodic(config.admitIntervalMillis(), id -> admitTick());
      vertx.setPeriodic(config.admitIntervalMillis(), id -> refreshQueueGauges());
    }
    return Future.all(
        Bus.serve(vertx, ISSUE, request -> {
          UUID userId = UUID.fromString(request.getString("userId"));
          return service.issue(userId).map(issued -> service.status(issued.token(), userId, issued.place()).toJson()
              .put("created", issued.created()));
        }).completion(),
        Bus.serve(vertx, CURRENT, request -> service.current(request.getString("token")).map(TokenStatus::toJson))
            .completion(),
        Bus.serve(vertx, END_TOKEN, request -> store.end(request.getString("userId"))
            .map(ended -> new JsonObject().put("ended", ended))).completion());
  }

  /** The queue's sizes for the gauges; a failure keeps the last values (admission logs the outage). */
  private void refreshQueueGauges() {
    Future.all(store.waitingCount(), store.activeCount())
        .onSuccess(sizes -> DomainMetrics.queueSizes(sizes.<Long>resultAt(0), sizes.<Long>resultAt(1)));
  }

  private void admitTick() {
    if (admitting) {
      return; // the previous round is still running: never overlap
    }
    admitting = true;
    store.admit(config.queueAdmitPerSecond(), config.queueMaxActive(), config.queueActiveSeconds() * 1000L)
        .onComplete(admission -> {
          admitting = false;
          if (lastAdmissionFailed) {
            LOG.info("queue admission works again");
          }
          lastAdmissionFailed = false;
          DomainMetrics.admitted(admission.admitted());
        }, failure -> {
          admitting = false;
          if (!lastAdmissionFailed) {
            LOG.warn("queue admission failed (will retry every tick, logged once): {}", failure.toString());
          }
          lastAdmissionFailed = true;
        });
  }
}
