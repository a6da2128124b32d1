package dev.concert.http;

import io.vertx.core.http.HttpConnection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event streams open on each HTTP/2 connection. Many streams share such a connection, and its
 * shutdown handler has one slot: it ends them all here (an HTTP/1.1 stream, alone on its
 * connection, sets the handler itself). An entry lives while its connection has a stream open.
 */
final class Http2Streams {
  private static final Map<HttpConnection, Set<EventStream>> OPEN = new ConcurrentHashMap<>();

  private Http2Streams() {}

  static void add(HttpConnection connection, EventStream stream) {
    OPEN.computeIfAbsent(connection, c -> {
      Set<EventStream> streams = ConcurrentHashMap.newKeySet();
      c.shutdownHandler(v -> List.copyOf(streams).forEach(EventStream::end));
      return streams;
    }).add(stream);
  }

  static void remove(HttpConnection connection, EventStream stream) {
    OPEN.computeIfPresent(connection, (c, streams) -> {
      streams.remove(stream);
      return streams.isEmpty() ? null : streams;
    });
  }
}
