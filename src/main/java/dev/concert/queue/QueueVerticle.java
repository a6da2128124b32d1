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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The waiting rooms: issues tokens, tells their place, ends them after payment, serves the
 * openings. One per event loop; the timer that opens rooms and admits is {@link AdmissionVerticle}'s.
 */
public final class QueueVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(QueueVerticle.class);

  private final AppConfig config;
  private RedisQueueStore store;
  private RoomAdmissions admissions;
  private RoomCatalog rooms;
  private RoomScope scope;
  private RoomOpener opener;
  /** Rooms with a local timer set for their opening. */
  private final Set<String> openingTimers = ConcurrentHashMap.newKeySet();

  public QueueVerticle(AppConfig config) {
    this.config = config;
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
    DueRooms dueRooms = new DueRooms(redis);
    rooms = new RoomCatalog(pool, config);
    rooms.refreshEvery(vertx);
    scope = new RoomScope(pool);
    RoomOpenings openings = new RoomOpenings(redis);
    opener = new RoomOpener(vertx, openings, pool, clock);
    OpeningPublication publication = new OpeningPublication(rooms, opener, pool, clock);
    QueueService service = new QueueService(store, new LineHeads(redis), dueRooms,
        new TokenSigner(config.tokenSecret(), clock), rooms);
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
   * instead of waiting for the next tick (which would open it too: every path is idempotent). An
   * operator may move the opening meanwhile: when the timer fires it reads the room again and, if
   * the opening moved later, waits for the new instant instead.
   */
  private void timeOpening(Room room, Clock clock) {
    if (room.hasOpening() && room.opensAtMillis() > clock.millis() && openingTimers.add(room.id())) {
      armOpening(room, clock);
    }
  }

  private void armOpening(Room room, Clock clock) {
    vertx.setTimer(Math.max(1, room.opensAtMillis() - clock.millis()), id -> rooms.room(room.concertId()).compose(now -> {
      if (now.opensAtMillis() > clock.millis()) {
        armOpening(now, clock);
        return Future.succeededFuture();
      }
      openingTimers.remove(room.id());
      return opener.open(now).compose(v -> admissions.admit(now))
          .onSuccess(admission -> RoomMetrics.ticked(now.id(), admission)).mapEmpty();
    }).onFailure(f -> {
      openingTimers.remove(room.id());
      LOG.warn("opening room {} on its timer failed (the tick retries): {}", room.id(), f.toString());
    }));
  }
}
