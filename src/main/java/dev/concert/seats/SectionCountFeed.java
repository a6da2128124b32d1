package dev.concert.seats;

import dev.concert.http.EventStream;
import dev.concert.shared.ApiException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The section-count streams of one big date on one event loop ({@code GET .../seats/events} without
 * {@code section} on a date of more than 2,000 places). A seat notice only marks the counts stale;
 * they are read again (from Redis, the sections document) {@link #PERIOD_MILLIS} after the last event
 * at the earliest, and what changed since the last read goes to every stream as one {@code sections}
 * event, rendered once. So a stream gets at most one event a second, whatever the rate of holds, and
 * sees a change within a period and a read.
 *
 * <p>Exact by construction: the feed listens before its first read, so every change after a read
 * marks it stale and brings another. A stream that joins gets the last read as its first event (the
 * baseline its later events are changes to), or the first read's when there is none yet. Used only
 * on its loop.
 */
final class SectionCountFeed implements SeatChanges.Listener {
  static final long PERIOD_MILLIS = 1_000;

  private final long scheduleId;
  private final Vertx vertx;
  private final Context context;
  private final LongFunction<Future<JsonObject>> read;
  final List<StreamWatcher> watchers = new ArrayList<>();
  /** The counts of the last read (sectionId to free places), null before the first. */
  private Map<Long, Integer> baseline;
  /** The last read as a whole {@code sections} event: a joining stream's first event. */
  private Buffer baselineEvent;
  private final List<Promise<Buffer>> awaitingBaseline = new ArrayList<>();
  private boolean stale;
  private boolean reading;
  /** When the last event went out (or the last read failed): the next read waits a period from then. */
  private long lastSentAt;
  private long timer = -1;

  SectionCountFeed(long scheduleId, Vertx vertx, LongFunction<Future<JsonObject>> read) {
    this.scheduleId = scheduleId;
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.read = read;
  }

  /** Adds a stream; completes with its first event, the whole list of counts its later events change. */
  Future<Buffer> join(StreamWatcher watcher) {
    watchers.add(watcher);
    if (baselineEvent != null) {
      return Future.succeededFuture(baselineEvent);
    }
    Promise<Buffer> first = Promise.promise();
    awaitingBaseline.add(first);
    schedule();
    return first.future();
  }

  @Override
  public void notice(String notice) {
    context.runOnContext(v -> {
      stale = true;
      schedule();
    });
  }

  @Override
  public void lost() {
    context.runOnContext(v -> {
      // Changes were missed: no later event may be a change to this baseline.
      baseline = null;
      baselineEvent = null;
      List.copyOf(watchers).forEach(StreamWatcher::lost);
    });
  }

  void heartbeat() {
    watchers.forEach(StreamWatcher::heartbeat);
  }

  /** Stops the feed's timer (its last stream left). */
  void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void schedule() {
    if (reading || timer >= 0 || watchers.isEmpty()) {
      return;
    }
    if (baselineEvent == null) {
      if (!awaitingBaseline.isEmpty()) {
        read(); // a stream waits for its first event: at once
      }
      return;
    }
    if (!stale) {
      return;
    }
    long wait = lastSentAt + PERIOD_MILLIS - System.currentTimeMillis();
    if (wait <= 0) {
      read();
    } else {
      timer = vertx.setTimer(wait, t -> {
        timer = -1;
        schedule();
      });
    }
  }

  private void read() {
    reading = true;
    stale = false;
    read.apply(scheduleId).onComplete(sections -> {
      reading = false;
      take(sections);
      schedule();
    }, failure -> {
      reading = false;
      lastSentAt = System.currentTimeMillis();
      if (baselineEvent == null) {
        List<Promise<Buffer>> waiting = List.copyOf(awaitingBaseline);
        awaitingBaseline.clear();
        waiting.forEach(promise -> promise.fail(failure instanceof ApiException ? failure
            : ApiException.unavailable("section counts are unavailable; retry later")));
      } else {
        stale = true; // read again next period
      }
      schedule();
    });
  }

  private void take(JsonObject sections) {
    Map<Long, Integer> counts = counts(sections);
    if (baseline != null) {
      JsonArray changed = changes(baseline, counts);
      if (!changed.isEmpty()) {
        Buffer event = EventStream.event("sections", new JsonObject().put("items", changed).encode());
        List.copyOf(watchers).forEach(watcher -> watcher.send(event));
      }
    }
    lastSentAt = System.currentTimeMillis();
    baseline = counts;
    baselineEvent = EventStream.event("sections", sections.encode());
    List<Promise<Buffer>> waiting = List.copyOf(awaitingBaseline);
    awaitingBaseline.clear();
    waiting.forEach(promise -> promise.complete(baselineEvent));
  }

  /** The free places of each section of a sections document, in its order. */
  static Map<Long, Integer> counts(JsonObject sections) {
    Map<Long, Integer> counts = new LinkedHashMap<>();
    JsonArray items = sections.getJsonArray("items");
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      counts.put(item.getLong("sectionId"), item.getInteger("available"));
    }
    return counts;
  }

  /** The sections whose count moved from {@code before} to {@code after}: {@code [{"sectionId","available"}]}. */
  static JsonArray changes(Map<Long, Integer> before, Map<Long, Integer> after) {
    JsonArray changed = new JsonArray();
    after.forEach((section, available) -> {
      if (!available.equals(before.get(section))) {
        changed.add(new JsonObject().put("sectionId", section).put("available", available));
      }
    });
    return changed;
  }
}
