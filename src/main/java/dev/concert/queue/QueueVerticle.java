package dev.concert.queue;

import dev.concert.config.AppConfig;
import dev.concert.infra.PgClients;
import dev.concert.infra.RedisClients;
import dev.concert.shared.Bus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The waiting rooms: issues tokens, tells their place, ends them after payment, opens rooms and
 * admits the waiting on a timer. Every instance ticks; the scripts keep each room at its rate and
 * cap however many tick. A tick visits only rooms with tokens (a Redis list of rooms), so idle
 * rooms cost nothing.
 */
public final class QueueVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(QueueVerticle.class);
  /** Rooms one tick visits at most (the rest are visited by the next ticks, lowest due first). */
  private static final int ROOMS_PER_TICK = 1000;
  private static final String LEGACY_TOKENS = "queue:{q}:tokens";

  private final AppConfig config;
  private final boolean admits;
  private RedisQueueStore store;
  private RoomAdmissions admissions;
  private DueRooms dueRooms;
  private RoomCatalog rooms;
  private RoomScope scope;
  private RoomOpener opener;
  private boolean admitting;
  private boolean lastAdmissionFailed;
  /** Rooms with a local timer set for their opening. */
  private final Set<String> openingTimers = ConcurrentHashMap.newKeySet();

  /** {@code admits}: this instance runs the admission timer (one per process is enough). */
  public QueueVerticle(AppConfig config, boolean admits) {
    this.config = config;
    this.admits = admits;
  }

  static RedisQueueStore.Timing timing(AppConfig config) {
    return new RedisQueueStore.Timing(config.queueAbandonSeconds() * 1000L, config.queueActiveSeconds() * 1000L,
        config.tokenAccount().accountGraceMillis());
  }

  @Override
  public Future<?> start() {
    Redis redis = RedisClients.pipelined(vertx, config);
    Pool pool = PgClients.pool(vertx, config);
    Clock clock = Clock.systemUTC();
    RedisQueueStore.Timing timing = timing(config);
    store = new RedisQueueStore(redis, timing, new OpeningRanks(pool));
    admissions = new RoomAdmissions(redis, timing);
    dueRooms = new DueRooms(redis);
    rooms = new RoomCatalog(pool, config);
    scope = new RoomScope(pool);
    RoomOpenings openings = new RoomOpenings(redis);
    opener = new RoomOpener(vertx, openings, pool, clock);
    OpeningPublication publication = new OpeningPublication(rooms, opener, pool, clock);
    QueueService service = new QueueService(store, new LineHeads(redis), dueRooms,
        new TokenSigner(config.tokenSecret(), clock), rooms);
    if (admits) {
      vertx.setPeriodic(config.admitIntervalMillis(), id -> admitTick());
      // The user -> token hash of the queue before rooms grew with every user ever seen; nothing
      // reads it any more. UNLINK frees it off Redis's main thread.
      redis.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.UNLINK).arg(LEGACY_TOKENS))
          .onFailure(f -> LOG.debug("dropping {} failed: {}", LEGACY_TOKENS, f.toString()));
    }
    Bus bus = Bus.of(vertx);
    return Future.all(
        bus.serve(QueueMessages.ISSUE, request -> service.issue(UUID.fromString(request.userId()), request.concertId())
            .map(answer -> {
              if (answer.created()) {
                timeOpening(answer.room(), clock);
              }
              return new QueueMessages.Issued(answer.created(), answer.status().toJson());
            })).completion(),
        bus.serve(QueueMessages.CURRENT, request -> service.current(request.token()).map(TokenStatus::toJson))
            .completion(),
        bus.serve(QueueMessages.END_TOKEN, request -> end(request.userId(), Objects.requireNonNullElse(request.tokenId(), ""),
                request.scheduleId())
            .map(QueueMessages.Ended::new)).completion(),
        bus.serve(QueueMessages.OPENING, request -> publication.of(request.concertId(), request.page())).completion(),
        bus.serve(QueueMessages.WATCH, request -> service.watch(request.token())).completion(),
        bus.serve(QueueMessages.HEAD, request -> service.head(request.concertId())).completion());
  }

  /**
   * Ends the token that paid, and no other token of the user: it opened the paid schedule, so it
   * is the user's token of that concert's room or of the service-wide room (a token id is unique,
   * so it is the live token of at most one of them).
   */
  private Future<Boolean> end(String userId, String tokenId, Long scheduleId) {
    Future<Optional<Long>> concert = scheduleId == null
        ? Future.succeededFuture(Optional.empty()) : scope.concertOfSchedule(scheduleId);
    return concert.compose(c -> c.isEmpty()
        ? store.end(rooms.serviceWide(), userId, tokenId)
        : rooms.room(c.get()).compose(room -> store.end(room, userId, tokenId))
            .compose(ended -> ended ? Future.succeededFuture(true) : store.end(rooms.serviceWide(), userId, tokenId)));
  }

  /**
   * A local timer at a room's opening, so the first admission follows {@code salesOpenAt} closely
   * instead of waiting for the next tick (which would open it too: every path is idempotent).
   */
  private void timeOpening(Room room, Clock clock) {
    if (!room.hasOpening()) {
      return;
    }
    long delay = room.opensAtMillis() - clock.millis();
    if (delay > 0 && openingTimers.add(room.id())) {
      vertx.setTimer(delay, id -> opener.open(room).compose(v -> admissions.admit(room))
          .onSuccess(admission -> RoomMetrics.ticked(room.id(), admission))
          .onFailure(f -> LOG.warn("opening room {} on its timer failed (the tick retries): {}", room.id(), f.toString())));
    }
  }

  private void admitTick() {
    if (admitting) {
      return; // the previous round is still running: never overlap
    }
    admitting = true;
    dueRooms.due(ROOMS_PER_TICK)
        .compose(due -> Future.all(due.stream().map(this::tickRoom).toList()))
        .onComplete(done -> {
          admitting = false;
          if (lastAdmissionFailed) {
            LOG.info("queue admission works again");
          }
          lastAdmissionFailed = false;
        }, failure -> {
          admitting = false;
          if (!lastAdmissionFailed) {
            LOG.warn("queue admission failed (will retry every tick, logged once): {}", failure.toString());
          }
          lastAdmissionFailed = true;
        });
  }

  /** One room: open it if due, admit, and take it off the list when nothing is left in it. */
  private Future<Void> tickRoom(DueRooms.DueRoom due) {
    return rooms.byId(due.roomId()).compose(room -> opener.open(room)
        .compose(opened -> admissions.admit(room))
        .compose(admission -> {
          RoomMetrics.ticked(room.id(), admission);
          return admission.idle() ? dueRooms.idle(due).<Void>mapEmpty() : Future.<Void>succeededFuture();
        }));
  }

  /** For tests: the rooms on the timer's list. */
  static Future<List<DueRooms.DueRoom>> dueRooms(DueRooms dueRooms) {
    return dueRooms.due(ROOMS_PER_TICK);
  }
}
