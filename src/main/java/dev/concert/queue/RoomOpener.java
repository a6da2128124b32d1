package dev.concert.queue;

import dev.concert.infra.Resources;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a concert's room once its {@code salesOpenAt} has passed, then publishes the opening.
 *
 * <p>The opening: the pre-queue is in its drawn order already (scored by each token's
 * {@link OpeningOrder#drawKey} since it joined), so nothing is computed at the opening:
 * {@link RoomOpenings#step} fixes the pre-queue (on Redis's clock) and moves the head of the order
 * to the line in the same call, and admission may start then; the further steps move the rest a
 * chunk at a time. Any instance may run this at any moment, any number of times: each step moves
 * the next ids, and whoever comes after a crash simply goes on.
 *
 * <p>The publication, once every id is moved and not awaited by admission: the order is read back
 * from Redis, recorded in Postgres (the record) and rendered once into the pages
 * {@code GET /concerts/{id}/opening} serves ({@link OpeningPages}), stored beside it.
 */
final class RoomOpener {
  private static final Logger LOG = LoggerFactory.getLogger(RoomOpener.class);
  private static final String INSERT_OPENING = Resources.sql("queue/insert_opening");
  private static final String FIND_OPENING = Resources.sql("queue/find_opening");
  private static final String OPENING_PUBLISHED = Resources.sql("queue/opening_published");
  private static final String INSERT_PAGE = Resources.sql("queue/insert_opening_page");
  private static final int ATTEMPTS = 20;
  private static final long RETRY_MILLIS = 25;
  private static final java.time.Duration RECORDER_GRACE = java.time.Duration.ofSeconds(10);

  private final Vertx vertx;
  private final RoomOpenings openings;
  private final Pool pool;
  private final Clock clock;
  /** Rooms this process saw open, and saw published: the next calls skip those steps. */
  private final Set<String> opened = ConcurrentHashMap.newKeySet();
  private final Set<String> published = ConcurrentHashMap.newKeySet();
  /** The draw under way per room in this process (callers share it rather than repeat it), and when its head is in. */
  private final Map<String, Draw> drawing = new ConcurrentHashMap<>();
  private final Map<String, Future<Boolean>> publishing = new ConcurrentHashMap<>();

  RoomOpener(Vertx vertx, RoomOpenings openings, Pool pool, Clock clock) {
    this.vertx = vertx;
    this.openings = openings;
    this.pool = pool;
    this.clock = clock;
  }

  private record Draw(Future<Void> done, Future<Void> headApplied) {}

  /**
   * Opens {@code room} if it is due and not open yet. Succeeds once admission may go on: the room
   * is open, or the head of its order is in the line (the rest follows in the background).
   */
  Future<Void> open(Room room) {
    if (!room.hasOpening() || opened.contains(room.id()) || clock.instant().isBefore(room.opensAt())) {
      return Future.succeededFuture();
    }
    Draw current = drawing.get(room.id());
    if (current != null) {
      return current.headApplied();
    }
    Promise<Void> headApplied = Promise.promise();
    Future<Void> done = attempt(room, ATTEMPTS, headApplied, System.nanoTime());
    done.onComplete(r -> {
      if (r.failed()) {
        headApplied.tryFail(r.cause());
      } else {
        headApplied.tryComplete();
      }
      drawing.remove(room.id());
    });
    if (!done.isComplete()) {
      drawing.put(room.id(), new Draw(done, headApplied.future()));
    }
    return headApplied.future();
  }

  /** True once the opening's pages are stored (writing them from the record or Redis if missing). */
  Future<Boolean> published(Room room) {
    if (published.contains(room.id())) {
      return Future.succeededFuture(true);
    }
    if (drawing.containsKey(room.id())) {
      return pagesStored(room); // this draw records the opening when it ends: only look
    }
    return shared(publishing, room.id(), () -> publishRecorded(room).compose(done -> done
        ? Future.succeededFuture(true) : publishFromRedis(room)));
  }

  private Future<Boolean> pagesStored(Room room) {
    return pool.preparedQuery(OPENING_PUBLISHED).execute(Tuple.of(room.concertId())).map(rows -> {
      boolean stored = rows.iterator().next().getBoolean("published");
      if (stored) {
        published.add(room.id());
      }
      return stored;
    });
  }

  /**
   * Whether an opening recorded (or opened) at {@code openedAt} without pages yet is left to its
   * recorder a little longer: it normally stores them within a second or two, and rendering them
   * here too would only repeat its work. After that, whoever asks renders them (the recorder died).
   */
  private boolean recorderMayStillBeAtIt(Instant openedAt) {
    return clock.instant().isBefore(openedAt.plus(RECORDER_GRACE));
  }

  private static <T> Future<T> shared(Map<String, Future<T>> running, String roomId, Supplier<Future<T>> step) {
    Future<T> current = running.get(roomId);
    if (current != null) {
      return current;
    }
    Future<T> started = step.get();
    if (!started.isComplete()) {
      running.put(roomId, started);
      started.onComplete(done -> running.remove(roomId, started));
    }
    return started;
  }

  /** Steps until the room is open; {@code started}: when this process's first step was sent (nanoTime). */
  private Future<Void> attempt(Room room, int attemptsLeft, Promise<Void> headApplied, long started) {
    return openings.step(room).compose(step -> switch (step.outcome()) {
      case RoomOpenings.DRAWING -> {
        headApplied.tryComplete(); // the head of the order is in the line
        yield attempt(room, ATTEMPTS, headApplied, started);
      }
      case RoomOpenings.OPENED_NOW -> {
        headApplied.tryComplete();
        opened.add(room.id());
        double millis = (System.nanoTime() - started) / 1e6;
        RoomMetrics.opened(room.id(), millis / 1000.0);
        LOG.info("room {} opened: its pre-queue moved to the line in {} ms, {} ms after salesOpenAt",
            room.id(), Math.round(millis), step.openedAt().toEpochMilli() - room.opensAtMillis());
        // Not awaited: admission need not wait for Postgres. Publication requests of this
        // process share it (see published).
        Future<Boolean> recording = openings.openingOrder(room).compose(order -> record(room, step.openedAt(), order));
        publishing.put(room.id(), recording);
        recording.onComplete(r -> publishing.remove(room.id(), recording));
        yield Future.succeededFuture();
      }
      case RoomOpenings.OPENED_BEFORE -> {
        opened.add(room.id());
        published(room); // in case whoever opened it could not record it; not awaited
        yield Future.succeededFuture();
      }
      default -> attemptsLeft <= 1
          ? Future.succeededFuture() // the next tick tries again
          : later().compose(v -> attempt(room, attemptsLeft - 1, headApplied, started)); // too early on Redis's clock
    });
  }

  /** Records the opening's order in Postgres (idempotent), then its pages; true once published. */
  private Future<Boolean> record(Room room, Instant openedAt, List<String> order) {
    return pool.preparedQuery(INSERT_OPENING)
        .execute(Tuple.of(room.concertId(), openedAt.atOffset(ZoneOffset.UTC), order.toArray(new String[0])))
        .compose(inserted -> inserted.size() > 0 ? storePages(room, openedAt, order) : publishRecorded(room))
        .onFailure(f -> LOG.warn("recording the opening of room {} failed (retried on the next request or tick): {}",
            room.id(), f.toString()));
  }

  /** Publishes from the order recorded in Postgres; false if none is recorded. */
  private Future<Boolean> publishRecorded(Room room) {
    return pagesStored(room).compose(stored -> stored ? Future.succeededFuture(true)
        : pool.preparedQuery(FIND_OPENING).execute(Tuple.of(room.concertId())).compose(found -> {
          RowIterator<Row> it = found.iterator();
          if (!it.hasNext()) {
            return Future.succeededFuture(false);
          }
          Row row = it.next();
          Instant openedAt = row.getOffsetDateTime("opened_at").toInstant();
          return recorderMayStillBeAtIt(openedAt) ? Future.succeededFuture(false)
              : storePages(room, openedAt, Arrays.asList(row.getArrayOfStrings("token_ids")));
        }));
  }

  /** When Postgres missed the opening (its recorder failed or crashed): the order Redis kept, if whole. */
  private Future<Boolean> publishFromRedis(Room room) {
    return Future.all(openings.openedPreQueueSize(room), openings.openedAt(room)).compose(all -> {
      long size = all.<Long>resultAt(0);
      Instant openedAt = all.resultAt(1);
      if (size < 0 || openedAt == null || recorderMayStillBeAtIt(openedAt)) {
        return Future.succeededFuture(false);
      }
      return openings.openingOrder(room).compose(order -> order.size() != size
          ? Future.succeededFuture(false) : record(room, openedAt, order));
    });
  }

  /** Renders the pages on a worker thread, then stores them (a page already stored stays as it is). */
  private Future<Boolean> storePages(Room room, Instant openedAt, List<String> order) {
    return vertx.executeBlocking(() -> OpeningPages.opened(room, openedAt, order), false)
        .compose(pages -> pool.preparedQuery(INSERT_PAGE).executeBatch(pages.stream()
            .map(p -> Tuple.of(room.concertId(), p.number(), p.etag(), p.body())).toList()).map(done -> {
              published.add(room.id());
              LOG.info("room {} published: {} pages stored, {} ms after salesOpenAt", room.id(), pages.size(),
                  clock.millis() - room.opensAtMillis());
              return true;
            }));
  }

  private Future<Void> later() {
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(RETRY_MILLIS, id -> promise.complete());
    return promise.future();
  }
}
