package dev.concert.seats;

import dev.concert.http.EventStream;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One seat stream on its loop: the events it missed until its first event is sent, then its event
 * stream. {@code scope}: what it follows.
 */
final class StreamWatcher {
  /** Events kept for a stream whose first event is still on its way; more and it starts over. */
  private static final int MAX_MISSED = 100;

  final StreamScope scope;
  List<Buffer> missed = new ArrayList<>();
  EventStream stream;
  Runnable unwatch = () -> {};
  boolean tokenEnded;

  StreamWatcher(StreamScope scope) {
    this.scope = scope;
  }

  void tokenEnded() {
    tokenEnded = true;
    if (stream != null) {
      stream.end();
    }
  }

  void send(Buffer event) {
    if (stream != null) {
      stream.send(event);
    } else if (missed != null) {
      if (missed.size() < MAX_MISSED) {
        missed.add(event);
      } else {
        missed = null;
      }
    }
  }

  void heartbeat() {
    if (stream != null) {
      stream.heartbeat();
    }
  }

  /** The subscription broke: changes were missed, the stream must start over. */
  void lost() {
    if (stream != null) {
      stream.end();
    } else {
      missed = null;
    }
  }
}
