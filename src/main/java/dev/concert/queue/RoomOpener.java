package dev.concert.queue;

import dev.concert.infra.Resources;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a concert's room once its {@code salesOpenAt} has passed: reads the pre-queue, orders it
 * with {@link OpeningOrder} and applies that order with one Lua step that checks the room is still
 * unopened and the pre-queue unchanged. Any instance may try any number of times; exactly one
 * attempt opens, and that one records the order in Postgres for the reveal.
 */
final class RoomOpener {
  private static final Logger LOG = LoggerFactory.getLogger(RoomOpener.class);
  private static final String INSERT_OPENING = Resources.sql("queue/insert_opening");
  private static final int ATTEMPTS = 20;
  private static final long RETRY_MILLIS = 25;

  private final Vertx vertx;
  private final RoomOpenings openings;
  private final Pool pool;
  private final Clock clock;
  /** Rooms this process saw open: the next ticks skip the opening step. */
  private final Set<String> opened = ConcurrentHashMap.newKeySet();

  RoomOpener(Vertx vertx, RoomOpenings openings, Pool pool, Clock clock) {
    this.vertx = vertx;
    this.openings = openings;
    this.pool = pool;
    this.clock = clock;
  }

  /** Opens {@code room} if it is due and not open yet; succeeds once it is open (or not due). */
  Future<Void> open(Room room) {
    if (!room.hasOpening() || opened.contains(room.id()) || clock.instant().isBefore(room.opensAt())) {
      return Future.succeededFuture();
    }
    return attempt(room, ATTEMPTS);
  }

  private Future<Void> attempt(Room room, int attemptsLeft) {
    return openings.preQueue(room).compose(preQueue -> {
      long started = System.nanoTime();
      List<String> order = OpeningOrder.order(room.seed(), preQueue);
      return openings.open(room, order).compose(opening -> switch (opening.outcome()) {
        case 1 -> {
          opened.add(room.id());
          double millis = (System.nanoTime() - started) / 1e6;
          RoomMetrics.opened(room.id(), millis / 1000.0);
          LOG.info("room {} opened: {} pre-queued tokens ordered and applied in {} ms, {} ms after salesOpenAt",
              room.id(), order.size(), Math.round(millis), opening.openedAt().toEpochMilli() - room.opensAtMillis());
          yield record(room, opening, order);
        }
        case 0 -> {
          opened.add(room.id());
          yield Future.succeededFuture();
        }
        default -> attemptsLeft <= 1
            ? Future.succeededFuture() // the next tick tries again
            : later().compose(v -> attempt(room, attemptsLeft - 1)); // too early on Redis's clock, or a late join
      });
    });
  }

  /** Writes the opening's order to Postgres (kept there for the reveal); idempotent. */
  Future<Void> record(Room room, RoomOpenings.Opening opening, List<String> order) {
    return pool.preparedQuery(INSERT_OPENING)
        .execute(Tuple.of(room.concertId(), opening.openedAt().atOffset(ZoneOffset.UTC), order.toArray(new String[0])))
        .onFailure(f -> LOG.warn("recording the opening of room {} failed (the reveal retries from Redis): {}",
            room.id(), f.toString()))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  private Future<Void> later() {
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(RETRY_MILLIS, id -> promise.complete());
    return promise.future();
  }
}
