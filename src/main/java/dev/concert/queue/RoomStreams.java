package dev.concert.queue;

import dev.concert.http.EventStream;
import dev.concert.metrics.StreamMetrics;
import dev.concert.shared.Bus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The operators' room streams ({@code GET /admin/concerts/{id}/room/events}): a {@code room} event
 * with the room document on connecting, then each second in which it changed (at most one a
 * second). Each stream reads its room once a second: operators' streams are few, so one read each
 * is simpler than sharing, and costs two small reads a second per stream. Used on its loop.
 */
final class RoomStreams {
  /** At most one event a second. */
  static final long PERIOD_MILLIS = 1_000;

  private final Vertx vertx;
  private final long heartbeatMillis;

  RoomStreams(Vertx vertx, long heartbeatMillis) {
    this.vertx = vertx;
    this.heartbeatMillis = heartbeatMillis;
  }

  /** Serves one stream of {@code concertId}'s room (the admin key has been checked). */
  void open(RoutingContext ctx, long concertId) {
    report(concertId).onComplete(first -> {
      if (ctx.response().closed()) {
        return;
      }
      Watch watch = new Watch(concertId);
      watch.stream = EventStream.start(ctx, StreamMetrics.ROOM, watch::stop);
      watch.send(first);
      watch.timer = vertx.setPeriodic(PERIOD_MILLIS, id -> watch.tick());
    }, ctx::fail);
  }

  private Future<JsonObject> report(long concertId) {
    return Bus.of(vertx).request(RoomControlsMessages.REPORT, new RoomControlsMessages.RoomOf(concertId));
  }

  /** One stream and the last document it sent. */
  private final class Watch {
    final long concertId;
    EventStream stream;
    JsonObject last;
    long timer;
    long lastHeartbeat = System.currentTimeMillis();
    boolean reading;

    Watch(long concertId) {
      this.concertId = concertId;
    }

    void tick() {
      long now = System.currentTimeMillis();
      if (now - lastHeartbeat >= heartbeatMillis) {
        lastHeartbeat = now;
        stream.heartbeat();
      }
      if (reading || !stream.isOpen()) {
        return;
      }
      reading = true;
      // A failed read (Redis or Postgres away for a moment) sends nothing: the next second tries again.
      report(concertId).onComplete(room -> {
        reading = false;
        send(room);
      }, failure -> reading = false);
    }

    void send(JsonObject room) {
      if (stream.isOpen() && !room.equals(last)) {
        last = room;
        stream.send(EventStream.event("room", System.currentTimeMillis(), room.encode()));
      }
    }

    void stop() {
      vertx.cancelTimer(timer);
    }
  }
}
