package dev.concert.seats;

import dev.concert.http.EventStream;
import dev.concert.http.TokenEnds;
import dev.concert.metrics.StreamMetrics;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The seat streams of one event loop ({@code GET /schedules/{id}/seats/events}). Of a whole date
 * (up to 2,000 places) or of one section ({@code ?section=}): a {@code snapshot} event, then
 * {@code seats} events with the changes of its places in the last {@link #BATCH_MILLIS}. One
 * {@link Feed} per schedule with such streams on this loop listens to {@link SeatChanges}; a batch
 * is rendered once per section followed and the same bytes go to every stream of it. Of a bigger
 * date without a section: its section counts ({@link SectionCountFeed}). A stream ends when the
 * token that opened it ends ({@link TokenEnds}: paid, active time up, dropped), on whichever
 * instance that happens. Used only on its loop.
 */
public final class SeatStreams {
  static final long BATCH_MILLIS = 100;
  /** A batch no stream of a scope needs (no change of its places). */
  private static final Buffer NOTHING = Buffer.buffer();

  private final Vertx vertx;
  private final Context context;
  private final SeatChanges changes;
  private final TokenEnds ends;
  private final SeatStreamSource source;
  private final Map<Long, Feed> feeds = new HashMap<>();
  private final Map<Long, SectionCountFeed> countFeeds = new HashMap<>();

  /**
   * {@code source}: what a stream covers and its first event; {@code heartbeatMillis}: how often
   * each stream sends a comment line. Create it on the loop that will serve its streams.
   */
  public SeatStreams(Vertx vertx, SeatChanges changes, TokenEnds ends, SeatStreamSource source, long heartbeatMillis) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.changes = changes;
    this.ends = ends;
    this.source = source;
    vertx.setPeriodic(heartbeatMillis, t -> {
      feeds.values().forEach(Feed::heartbeat);
      countFeeds.values().forEach(SectionCountFeed::heartbeat);
    });
  }

  /**
   * Serves one stream of the token {@code tokenId} (the gate has passed), of section
   * {@code sectionId} or of the whole date when null. {@code stillActive} asks the gate again: asked
   * once the token's end is watched, it closes the gap in which the token could have ended between
   * the gate and the watch.
   */
  public void open(RoutingContext ctx, long scheduleId, Long sectionId, String tokenId, Supplier<Future<?>> stillActive) {
    if (!changes.subscribed()) {
      ctx.fail(ApiException.unavailable("seat changes are unavailable; retry later"));
      return;
    }
    source.scope(scheduleId, sectionId).onComplete(scope -> {
      if (scope.sectionCounts()) {
        SectionCountFeed feed = countFeeds.computeIfAbsent(scheduleId, this::countFeed);
        StreamWatcher watcher = new StreamWatcher(scope);
        // Listening already (the feed): the first event is a read the later ones change.
        Future<Buffer> first = feed.join(watcher);
        serve(ctx, watcher, tokenId, first, stillActive, () -> forget(scheduleId, feed, watcher));
        return;
      }
      Feed feed = feeds.computeIfAbsent(scheduleId, Feed::new);
      StreamWatcher watcher = new StreamWatcher(scope);
      // Listen before reading the map: a change is then either in the snapshot or sent after it.
      feed.watchers.add(watcher);
      Future<Buffer> first = source.seatMap(scheduleId, sectionId)
          .map(snapshot -> EventStream.event("snapshot", snapshot.toString()));
      serve(ctx, watcher, tokenId, first, stillActive, () -> feed.forget(watcher));
    }, ctx::fail);
  }

  /** Starts {@code watcher}'s stream with {@code first}, then what it missed meanwhile. */
  private void serve(RoutingContext ctx, StreamWatcher watcher, String tokenId, Future<Buffer> first,
      Supplier<Future<?>> stillActive, Runnable forget) {
    // Watched from now: a token that ends while the first event is on its way gets no stream.
    watcher.unwatch = ends.watch(tokenId, watcher::tokenEnded);
    Future.all(first, stillActive.get()).map(both -> first.result()).onComplete(event -> {
      if (watcher.tokenEnded) {
        forget.run();
        ctx.fail(new ApiException(ErrorCode.TOKEN_EXPIRED, "the queue token ended"));
        return;
      }
      if (watcher.missed == null || ctx.response().closed()) {
        // Changes were lost while the first event was on its way, or the client left.
        forget.run();
        ctx.fail(ApiException.unavailable("seat changes were interrupted; retry"));
        return;
      }
      watcher.stream = EventStream.start(ctx, StreamMetrics.SEATS, forget);
      watcher.stream.send(event);
      watcher.missed.forEach(watcher.stream::send);
      watcher.missed = null;
    }, failure -> {
      forget.run();
      ctx.fail(failure);
    });
  }

  private SectionCountFeed countFeed(long scheduleId) {
    SectionCountFeed feed = new SectionCountFeed(scheduleId, vertx, source::sections);
    changes.add(scheduleId, feed);
    return feed;
  }

  private void forget(long scheduleId, SectionCountFeed feed, StreamWatcher watcher) {
    watcher.unwatch.run();
    watcher.missed = null;
    if (feed.watchers.remove(watcher) && feed.watchers.isEmpty()) {
      changes.remove(scheduleId, feed);
      countFeeds.remove(scheduleId, feed);
      feed.close();
    }
  }

  /** The place streams of one schedule on this loop, and the changes not yet sent to them. */
  private final class Feed implements SeatChanges.Listener {
    final long scheduleId;
    final List<StreamWatcher> watchers = new ArrayList<>();
    final Map<Integer, SeatStatus> pending = new LinkedHashMap<>();
    long timer = -1;

    Feed(long scheduleId) {
      this.scheduleId = scheduleId;
      changes.add(scheduleId, this);
    }

    @Override
    public void notice(String notice) {
      context.runOnContext(v -> take(notice));
    }

    @Override
    public void lost() {
      context.runOnContext(v -> List.copyOf(watchers).forEach(StreamWatcher::lost));
    }

    private void take(String notice) {
      for (String change : notice.split(" ")) {
        if (change.length() < 2) {
          continue;
        }
        int seat = Integer.parseInt(change, 0, change.length() - 1, 10);
        pending.put(seat, switch (change.charAt(change.length() - 1)) {
          case 'H' -> SeatStatus.HELD;
          case 'S' -> SeatStatus.SOLD;
          case 'W' -> SeatStatus.WITHHELD;
          default -> SeatStatus.AVAILABLE;
        });
      }
      if (timer < 0 && !pending.isEmpty()) {
        timer = vertx.setTimer(BATCH_MILLIS, t -> flush());
      }
    }

    /** Sends the pending changes: one batch per scope followed (a section, the whole date), rendered once. */
    private void flush() {
      timer = -1;
      Map<StreamScope, Buffer> batches = new HashMap<>();
      List.copyOf(watchers).forEach(watcher -> {
        Buffer batch = batches.computeIfAbsent(watcher.scope, this::batch);
        if (batch != NOTHING) {
          watcher.send(batch);
        }
      });
      pending.clear();
    }

    private Buffer batch(StreamScope scope) {
      StringBuilder json = new StringBuilder(16 + pending.size() * 40).append("{\"changes\":[");
      int start = json.length();
      pending.forEach((seat, status) -> {
        if (scope.covers(seat)) {
          json.append(json.length() > start ? "," : "").append("{\"seatNumber\":").append(seat)
              .append(",\"status\":\"").append(status.name()).append("\"}");
        }
      });
      return json.length() == start ? NOTHING : EventStream.event("seats", json.append("]}").toString());
    }

    void heartbeat() {
      watchers.forEach(StreamWatcher::heartbeat);
    }

    void forget(StreamWatcher watcher) {
      watcher.unwatch.run();
      watcher.missed = null;
      if (watchers.remove(watcher) && watchers.isEmpty()) {
        changes.remove(scheduleId, this);
        feeds.remove(scheduleId, this);
        if (timer >= 0) {
          vertx.cancelTimer(timer);
        }
      }
    }
  }
}
