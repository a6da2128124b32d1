package dev.concert.queue;

import dev.concert.config.AppConfig;
import dev.concert.infra.PgClients;
import dev.concert.infra.RedisClients;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the rooms due and admits the waiting on a timer, one per process. Every instance ticks; the
 * scripts keep each room at its rate and cap however many tick. A tick visits only rooms with
 * tokens (a Redis list of rooms), so idle rooms cost nothing.
 */
final class AdmissionVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(AdmissionVerticle.class);
  /** Rooms one tick visits at most (the rest are visited by the next ticks, lowest due first). */
  private static final int ROOMS_PER_TICK = 1000;
  private static final String LEGACY_TOKENS = "queue:{q}:tokens";

  private final AppConfig config;
  private RoomAdmissions admissions;
  private DueRooms dueRooms;
  private RoomCatalog rooms;
  private RoomOpener opener;
  private boolean admitting;
  private boolean lastAdmissionFailed;

  AdmissionVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    Redis redis = RedisClients.pipelined(vertx, config);
    Pool pool = PgClients.pool(vertx, config);
    admissions = new RoomAdmissions(redis, QueueVerticle.timing(config));
    dueRooms = new DueRooms(redis);
    rooms = new RoomCatalog(pool, config);
    rooms.refreshEvery(vertx);
    opener = new RoomOpener(vertx, new RoomOpenings(redis), pool, Clock.systemUTC());
    vertx.setPeriodic(config.admitIntervalMillis(), id -> admitTick());
    // The user -> token hash of the queue before rooms grew with every user ever seen; nothing
    // reads it any more. UNLINK frees it off Redis's main thread.
    redis.send(Request.cmd(Command.UNLINK).arg(LEGACY_TOKENS))
        .onFailure(f -> LOG.debug("dropping {} failed: {}", LEGACY_TOKENS, f.toString()));
    return Future.succeededFuture();
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
    return rooms.byId(due.roomId()).compose(room -> {
      aimAtOpening(due, room);
      return tickRoom(due, room);
    });
  }

  /**
   * A room that opens before the next tick gets a tick of its own at the opening instant, so the
   * opening (and its first admissions) does not wait up to a whole tick interval behind it.
   */
  private void aimAtOpening(DueRooms.DueRoom due, Room room) {
    long untilOpening = room.opensAtMillis() - System.currentTimeMillis();
    if (room.opensAt() != null && untilOpening >= 0 && untilOpening < config.admitIntervalMillis()) {
      // The room is read again when the timer fires: an operator may have moved the opening since.
      vertx.setTimer(Math.max(1, untilOpening), id -> rooms.byId(due.roomId()).compose(now -> tickRoom(due, now))
          .onFailure(failure -> LOG.debug("the opening's own tick failed (the next tick retries): {}", failure.toString())));
    }
  }

  private Future<Void> tickRoom(DueRooms.DueRoom due, Room room) {
    return opener.open(room)
        .compose(opened -> admissions.admit(room))
        .compose(admission -> {
          RoomMetrics.ticked(room.id(), admission);
          return admission.idle() ? dueRooms.idle(due).<Void>mapEmpty() : Future.<Void>succeededFuture();
        });
  }

  /** For tests: the rooms on the timer's list. */
  static Future<List<DueRooms.DueRoom>> dueRooms(DueRooms dueRooms) {
    return dueRooms.due(ROOMS_PER_TICK);
  }
}
