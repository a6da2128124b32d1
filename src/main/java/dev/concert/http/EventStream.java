package dev.concert.http;

import dev.concert.metrics.StreamMetrics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;

/**
 * One server-sent event stream: an idle connection written on its own event loop. A client that
 * stops reading is dropped as soon as its write queue is full (Netty's high-water mark), so it can
 * never hold more than that much server memory; browsers' EventSource reconnects by itself. Over
 * HTTP/2 many streams share a connection: a dropped one is reset alone (RST_STREAM), and a
 * shutdown ends them all ({@link Http2Streams}). A stream counted by {@link StreamLimits} renews
 * its entries at each heartbeat and takes them out when it ends.
 * Not thread-safe: use it on the loop that opened it.
 */
public final class EventStream {
  /** A comment line: keeps proxies and load balancers from closing an idle stream. */
  private static final Buffer HEARTBEAT = Buffer.buffer(":\n\n");

  private final HttpServerResponse response;
  private final HttpConnection connection;
  private final boolean shared;
  private final StreamMetrics metrics;
  private final Context context;
  private final StreamLimits.Lease lease;
  private Runnable onClose = () -> {};
  private boolean open = true;

  private EventStream(RoutingContext ctx, StreamMetrics metrics) {
    this.response = ctx.response();
    this.connection = ctx.request().connection();
    this.shared = ctx.request().version() == HttpVersion.HTTP_2;
    this.metrics = metrics;
    this.context = Vertx.currentContext();
    this.lease = ctx.get(StreamLimits.LEASE);
  }

  /** Sends the status and headers; {@code onClose} runs once, however the stream ends. */
  public static EventStream start(RoutingContext ctx, StreamMetrics metrics, Runnable onClose) {
    EventStream stream = new EventStream(ctx, metrics);
    stream.onClose = onClose;
    metrics.opened();
    if (stream.lease != null) {
      stream.lease.attach(stream);
    }
    HttpServerResponse response = ctx.response();
    response.closeHandler(v -> stream.finish());
    response.exceptionHandler(failure -> stream.finish());
    // A graceful shutdown waits for requests in flight: a stream ends at once so it does not
    // hold the shutdown for its whole grace period (the client reconnects to another instance).
    if (stream.shared) {
      Http2Streams.add(stream.connection, stream);
    } else {
      stream.connection.shutdownHandler(v -> stream.end());
    }
    response.setStatusCode(200)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-cache")
        // nginx would otherwise buffer the stream.
        .putHeader("X-Accel-Buffering", "no")
        .setChunked(true);
    return stream;
  }

  /** {@code event: name} with {@code data} (one line of JSON). */
  public static Buffer event(String name, String data) {
    return Buffer.buffer(("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * As above, with {@code id: <asOfMillis>}: the server time (epoch ms) the data was computed at,
   * so a client can tell how fresh it is (EventSource's {@code lastEventId}; the server ignores it
   * on a reconnect).
   */
  public static Buffer event(String name, long asOfMillis, String data) {
    return Buffer.buffer(("id: " + asOfMillis + "\nevent: " + name + "\ndata: " + data + "\n\n")
        .getBytes(StandardCharsets.UTF_8));
  }

  public boolean isOpen() {
    return open;
  }

  /** Writes the event, or drops the stream if its client has not read what it was sent before. */
  public void send(Buffer event) {
    if (!open) {
      return;
    }
    if (response.writeQueueFull()) {
      metrics.dropped();
      finish();
      if (shared) {
        response.reset(); // the connection's other streams are other clients' (or tabs')
      } else {
        connection.close();
      }
      return;
    }
    response.write(event);
  }

  /** A comment line (keeps the connection under the idle timeout); renews the stream's counts. */
  public void heartbeat() {
    send(HEARTBEAT);
    if (open && lease != null) {
      lease.renew(this::end);
    }
  }

  /** Ends the stream from any thread (an eviction heard on the subscription's). */
  void endOnItsLoop() {
    context.runOnContext(v -> end());
  }

  /** Ends the stream cleanly (the last chunk), e.g. when what it follows has ended. */
  public void end() {
    if (open) {
      finish();
      response.end();
    }
  }

  private void finish() {
    if (open) {
      open = false;
      if (shared) {
        Http2Streams.remove(connection, this);
      }
      metrics.closed();
      if (lease != null) {
        lease.release();
      }
      onClose.run();
    }
  }
}
