package dev.concert.queue;

import dev.concert.http.EventStream;
import dev.concert.metrics.StreamMetrics;
import dev.concert.shared.Bus;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The queue streams of one event loop ({@code GET /queue/tokens/current/events}). A room's streams
 * tick when its line moves ({@link LineMoves}: an admission tick or a token's end, on any
 * instance), at most once a {@link #TICK_MILLIS}, and on a fallback timer in case a notice was
 * lost. A tick makes ONE read of the head of the room's line; each waiting stream derives its
 * position from its own order in the line and gets a {@code status} event when it changed. A
 * stream asks about its own token only when something happens to it: it left the line (admitted
 * or dropped), its room opened, its token ended (told by {@link LineMoves} with the token's id:
 * paid, active time up, dropped), and every quarter of the abandonment time (at most 30 s; it
 * also counts as its poll, so a connected buyer is never abandoned). So an ACTIVE token's stream
 * costs nothing per tick. The head read carries the orders of tokens that left the middle of the
 * line, so a derived position never counts them.
 * Used only on its loop.
 */
public final class QueueStreams {
  /** A room's streams tick at most this often: at most one position event a second. */
  static final long TICK_MILLIS = 1_000;

  private final Vertx vertx;
  private final Bus bus;
  private final Context context;
  private final LineMoves moves;
  private final long recheckMillis;
  private final long fallbackMillis;
  private final long heartbeatTicks;
  /** Streams by room (the concert id; null: the service-wide room). */
  private final Map<Long, Line> lines = new HashMap<>();
  private long ticks;

  /**
   * {@code abandonMillis}: the queue's abandonment time; streams poll well within it.
   * {@code fallbackMillis}: a room whose line told no move for this long ticks anyway;
   * {@code heartbeatMillis}: how often each stream sends a comment line.
   */
  public QueueStreams(Vertx vertx, LineMoves moves, long abandonMillis, long fallbackMillis, long heartbeatMillis) {
    this.vertx = vertx;
    this.bus = Bus.of(vertx);
    this.context = vertx.getOrCreateContext();
    this.moves = moves;
    this.recheckMillis = Math.max(1_000, Math.min(30_000, abandonMillis / 4));
    this.fallbackMillis = Math.max(TICK_MILLIS, fallbackMillis);
    this.heartbeatTicks = Math.max(1, heartbeatMillis / TICK_MILLIS);
    vertx.setPeriodic(TICK_MILLIS, t -> everySecond());
  }

  /** Serves one stream of {@code token} (whose id is {@code tokenId}; the identity gate has passed). */
  public void open(RoutingContext ctx, String token, String tokenId) {
    // Watched before the first read: an end told while it is on its way is not missed.
    EndNotice end = new EndNotice();
    Runnable unwatch = moves.watch(tokenId, end::told);
    watch(token).onComplete(status -> {
      if (ctx.response().closed()) {
        unwatch.run();
        return;
      }
      Watcher watcher = new Watcher(token, status.getLong("concertId"));
      watcher.unwatch = unwatch;
      watcher.stream = EventStream.start(ctx, StreamMetrics.QUEUE, () -> forget(watcher));
      lines.computeIfAbsent(watcher.room, Line::new).watchers.add(watcher);
      watcher.take(status);
      end.handTo(watcher);
    }, failure -> {
      unwatch.run();
      ctx.fail(failure);
    });
  }

  /** A token's end notice, held until its stream's watcher exists. Used on the stream's loop. */
  private static final class EndNotice {
    private Watcher watcher;
    private boolean told;

    void told() {
      if (watcher != null) {
        watcher.ended();
      } else {
        told = true;
      }
    }

    void handTo(Watcher watcher) {
      this.watcher = watcher;
      if (told) {
        watcher.ended();
      }
    }
  }

  private Future<JsonObject> watch(String token) {
    return bus.request(QueueMessages.WATCH, new QueueMessages.Token(token));
  }

  private void forget(Watcher watcher) {
    watcher.unwatch.run();
    Line line = lines.get(watcher.room);
    if (line != null && line.watchers.remove(watcher) && line.watchers.isEmpty()) {
      lines.remove(watcher.room);
      moves.remove(line.roomId, line);
    }
  }

  private void everySecond() {
    boolean heartbeat = ++ticks % heartbeatTicks == 0;
    long now = System.currentTimeMillis();
    List.copyOf(lines.values()).forEach(line -> {
      // Half a second past the period: while moves are told (about once a period), this timer
      // never ticks between them and so never holds the next one back.
      if (now - line.tickedAt >= fallbackMillis + TICK_MILLIS / 2) {
        line.tick(0);
      }
      if (heartbeat) {
        line.watchers.forEach(watcher -> watcher.stream.heartbeat());
      }
    });
  }

  /** The streams of one room on this loop, listening to its line's moves. */
  private final class Line implements LineMoves.Listener {
    final Long room;
    final String roomId;
    final List<Watcher> watchers = new ArrayList<>();
    /** When the last tick began (this JVM's clock). */
    long tickedAt;
    /** The move the last told tick answered (Redis's clock): ticks answer moves a second apart. */
    long answeredMove;
    /** The first move heard since the last told tick (Redis's clock), 0 if none. */
    long unanswered;
    boolean scheduled;

    Line(Long room) {
      this.room = room;
      this.roomId = room == null ? Room.SERVICE_WIDE : room.toString();
      moves.add(roomId, this);
    }

    @Override
    public void moved(long at) {
      context.runOnContext(v -> onMoved(at));
    }

    /**
     * Ticks at once for a move a second or more after the one last answered; a move sooner waits
     * for the rest of that second (on Redis's clock, so that a busy loop, which hears a move
     * late, does not hold the next one back). A move heard while one waits joins it.
     */
    private void onMoved(long at) {
      if (unanswered == 0) {
        unanswered = at;
      }
      if (scheduled) {
        return;
      }
      long wait = answeredMove + TICK_MILLIS - at;
      if (wait <= 0) {
        answeredMove = at;
        answer();
      } else {
        scheduled = true;
        answeredMove += TICK_MILLIS;
        vertx.setTimer(wait, t -> {
          scheduled = false;
          answer();
        });
      }
    }

    private void answer() {
      long move = unanswered;
      unanswered = 0;
      tick(move);
    }

    /** {@code move}: the first move this tick answers (Redis's time), 0 for the fallback's. */
    void tick(long move) {
      if (lines.get(room) != this) {
        return; // its last stream left
      }
      long now = System.currentTimeMillis();
      tickedAt = now;
      if (move != 0) {
        StreamMetrics.QUEUE.updateLag(Math.max(0, now - move));
      }
      long asOf = move == 0 ? now : move;
      List<Watcher> snapshot = List.copyOf(watchers);
      bus.request(QueueMessages.HEAD, new QueueMessages.Head(room))
          .onSuccess(line -> snapshot.forEach(watcher -> watcher.tick(line, now, asOf)));
    }
  }

  /** One stream and what it knows of its token. */
  private final class Watcher {
    final String token;
    final Long room;
    EventStream stream;
    JsonObject last;
    Long order;
    /** The room's admission rate, for the wait estimates derived between checks. */
    int admitPerSecond;
    long checkedAt;
    boolean checking;
    /** Its token's end was told while a check was under way: ask again after it. */
    boolean endedWhileChecking;
    /**
     * Whether the room is paused, by the last head read (Redis's live copy, what the admission
     * obeys); null before the first. It wins over a status's own flag, which comes from the
     * queue's copy of the room, reloaded at most a second after a change.
     */
    Boolean roomPaused;
    Runnable unwatch = () -> {};

    Watcher(String token, Long room) {
      this.token = token;
      this.room = room;
    }

    /** An exact status (from the queue): sent if it differs from the last one; the end ends the stream. */
    void take(JsonObject status) {
      checkedAt = System.currentTimeMillis();
      order = status.getLong("order");
      status.remove("order");
      admitPerSecond = (Integer) status.remove("admitPerSecond");
      if (roomPaused != null) {
        showPause(status, roomPaused);
      }
      send(status, checkedAt);
    }

    /** A waiting status shows the pause ({@code "paused": true}, no estimate) or its estimate again. */
    private void showPause(JsonObject status, boolean paused) {
      if (!"WAITING".equals(status.getString("status"))) {
        return;
      }
      Long position = status.getLong("position");
      if (paused) {
        status.put("paused", true).put("estimatedWaitSeconds", null);
      } else if (status.remove("paused") != null && position != null) {
        status.put("estimatedWaitSeconds", WaitEstimate.seconds(position, admitPerSecond, 0));
      }
    }

    /**
     * Sends {@code status} if the state, the position or the active time changed (not for an
     * estimate alone). {@code status} becomes the stream's last: the caller hands it over (a tick
     * changes the last one in place, so that a stream's tick copies nothing).
     */
    void send(JsonObject status, long asOf) {
      send(status, asOf, last == null || !Objects.equals(last.getString("status"), status.getString("status"))
          || !Objects.equals(last.getLong("position"), status.getLong("position"))
          || !Objects.equals(last.getString("activeUntil"), status.getString("activeUntil"))
          || !Objects.equals(last.getBoolean("paused"), status.getBoolean("paused")));
    }

    /**
     * {@code asOf}, the event's id: when the status was read (a check), or for a derived position
     * the move its tick answers (never older than the stream's last read).
     */
    private void send(JsonObject status, long asOf, boolean changed) {
      if (changed) {
        stream.send(EventStream.event("status", asOf, status.encode()));
      }
      last = status;
      if ("EXPIRED".equals(status.getString("status"))) {
        stream.end();
      }
    }

    /**
     * {@code now}: when the head read began; {@code asOf}: what a derived position is at least as
     * fresh as (the move the tick answers, or {@code now}).
     */
    void tick(LineHeads.LineHead head, long now, long asOf) {
      // A head read begun before this stream's last exact status is older than it: skipped.
      if (!stream.isOpen() || checking || now < checkedAt) {
        return;
      }
      String state = last.getString("status");
      boolean due = now - checkedAt >= recheckMillis;
      boolean paused = Boolean.TRUE.equals(head.paused());
      if (roomPaused == null || roomPaused != paused) {
        roomPaused = paused;
        if (state.equals("WAITING") && !Objects.equals(last.getBoolean("paused"), paused ? true : null)) {
          showPause(last, paused);
          send(last, Math.max(asOf, checkedAt), true); // paused or resumed: told at once
        }
      }
      if (state.equals("ACTIVE")) {
        // An active token changes only when it ends (paid, time up): told by its end notice
        // (ended()); asked now and then only in case a notice was lost.
        if (due) {
          check();
        }
      } else if (order == null) {
        // Still in a pre-queue: its order is known once the room has opened.
        if (head.opened() || due) {
          check();
        }
      } else {
        long position = head.position(order);
        if (position == 0 || due) {
          check(); // admitted or dropped: ask; or time to poll
        } else if (!Long.valueOf(position).equals(last.getLong("position"))) {
          // Derived from the head read: only the position and its estimate move.
          send(last.put("position", position)
              .put("estimatedWaitSeconds", paused ? null : WaitEstimate.seconds(position, admitPerSecond, 0)),
              Math.max(asOf, checkedAt), true);
        }
      }
    }

    void check() {
      checking = true;
      watch(token).onComplete(status -> {
        checking = false;
        if (stream.isOpen()) {
          take(status);
          if (endedWhileChecking) {
            endedWhileChecking = false;
            check();
          }
        }
      }, failure -> checking = false);
    }

    /** Its token ended (on any instance): its last status is sent and the stream ends. */
    void ended() {
      if (!stream.isOpen()) {
        return;
      }
      if (checking) {
        endedWhileChecking = true;
      } else {
        check();
      }
    }

  }
}
