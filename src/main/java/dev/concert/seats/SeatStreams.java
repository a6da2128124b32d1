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
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The seat streams of one event loop ({@code GET /schedules/{id}/seats/events}): a {@code snapshot}
 * event, then {@code seats} events with the changes of the last {@link #BATCH_MILLIS}. One
 * {@link Feed} per schedule with streams on this loop listens to {@link SeatChanges}; a batch is
 * rendered once and the same bytes go to every stream. A stream ends when the token that opened it
 * ends ({@link TokenEnds}: paid, active time up, dropped), on whichever instance that happens.
 * Used only on its loop.
 */
public final class SeatStreams {
  static final long BATCH_MILLIS = 100;
  /** Batches kept for a stream whose snapshot is still on its way; more and it starts over. */
  private static final int MAX_MISSED = 100;

  private final Vertx vertx;
  private final Context context;
  private final SeatChanges changes;
  private final TokenEnds ends;
  private final LongFunction<Future<Buffer>> seatMaps;
  private final Map<Long, Feed> feeds = new HashMap<>();

  /**
   * {@code seatMaps}: the rendered seat map of a schedule (what {@code GET .../seats} answers, a
   * 404 problem for an unknown schedule); {@code heartbeatMillis}: how often each stream sends a
   * comment line. Create it on the loop that will serve its streams.
   */
  public SeatStreams(Vertx vertx, SeatChanges changes, TokenEnds ends, LongFunction<Future<Buffer>> seatMaps,
      long heartbeatMillis) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.changes = changes;
    this.ends = ends;
    this.seatMaps = seatMaps;
    vertx.setPeriodic(heartbeatMillis, t -> feeds.values().forEach(Feed::heartbeat));
  }

  /**
   * Serves one stream of the token {@code tokenId} (the gate has passed). {@code stillActive} asks
   * the gate again: asked once the token's end is watched, it closes the gap in which the token
   * could have ended between the gate and the watch.
   */
  public void open(RoutingContext ctx, long scheduleId, String tokenId, Supplier<Future<?>> stillActive) {
    if (!changes.subscribed()) {
      ctx.fail(ApiException.unavailable("seat changes are unavailable; retry later"));
      return;
    }
    Feed feed = feeds.computeIfAbsent(scheduleId, Feed::new);
    // Listen before reading the map: a change is then either in the snapshot or sent after it.
    Watcher watcher = new Watcher();
    feed.watchers.add(watcher);
    // Watched from now: a token that ends while the map is on its way gets no stream.
    watcher.unwatch = ends.watch(tokenId, watcher::tokenEnded);
    Future<Buffer> seatMap = seatMaps.apply(scheduleId);
    Future.all(seatMap, stillActive.get()).map(both -> seatMap.result()).onComplete(snapshot -> {
      if (watcher.tokenEnded) {
        feed.forget(watcher);
        ctx.fail(new ApiException(ErrorCode.TOKEN_EXPIRED, "the queue token ended"));
        return;
      }
      if (watcher.missed == null || ctx.response().closed()) {
        // Changes were lost while the map was on its way, or the client left.
        feed.forget(watcher);
        ctx.fail(ApiException.unavailable("seat changes were interrupted; retry"));
        return;
      }
      watcher.stream = EventStream.start(ctx, StreamMetrics.SEATS, () -> feed.forget(watcher));
      watcher.stream.send(EventStream.event("snapshot", snapshot.toString()));
      watcher.missed.forEach(watcher.stream::send);
      watcher.missed = null;
    }, failure -> {
      feed.forget(watcher);
      ctx.fail(failure);
    });
  }

  /** One stream: its missed batches until its snapshot is sent, then its event stream. */
  private static final class Watcher {
    List<Buffer> missed = new ArrayList<>();
    EventStream stream;
    Runnable unwatch = () -> {};
    boolean tokenEnded;

    void tokenEnded() {
      tokenEnded = true;
      if (stream != null) {
        stream.end();
      }
    }

    void send(Buffer batch) {
      if (stream != null) {
        stream.send(batch);
      } else if (missed != null) {
        if (missed.size() < MAX_MISSED) {
          missed.add(batch);
        } else {
          missed = null;
        }
      }
    }
  }

  /** The streams of one schedule on this loop, and the changes not yet sent to them. */
  private final class Feed implements SeatChanges.Listener {
    final long scheduleId;
    final List<Watcher> watchers = new ArrayList<>();
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
      context.runOnContext(v -> List.copyOf(watchers).forEach(watcher -> {
        if (watcher.stream != null) {
          watcher.stream.end();
        } else {
          watcher.missed = null;
        }
      }));
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

    private void flush() {
      timer = -1;
      StringBuilder json = new StringBuilder(16 + pending.size() * 40).append("{\"changes\":[");
      pending.forEach((seat, status) -> json.append(json.length() > 12 ? "," : "")
          .append("{\"seatNumber\":").append(seat).append(",\"status\":\"").append(status.name()).append("\"}"));
      pending.clear();
      Buffer batch = EventStream.event("seats", json.append("]}").toString());
      List.copyOf(watchers).forEach(watcher -> watcher.send(batch));
    }

    void heartbeat() {
      List.copyOf(watchers).forEach(watcher -> {
        if (watcher.stream != null) {
          watcher.stream.heartbeat();
        }
      });
    }

    void forget(Watcher watcher) {
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
