package dev.concert.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A server-sent event stream read by a test: events (name, JSON data, arrival time) queue up as
 * they come; {@link #ended()} completes when the server ends the stream. Blocking helpers are for
 * the test thread only.
 */
public final class EventStreamClient implements AutoCloseable {
  /** {@code id}: the event's {@code id:} line, null without one. */
  public record Event(String name, String id, JsonObject data, long receivedNanos) {}

  private final HttpClient client;
  private final boolean ownsClient;
  private HttpClientResponse response;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final Promise<Void> ended = Promise.promise();
  private final StringBuilder pending = new StringBuilder();
  private int heartbeats;

  private EventStreamClient(HttpClient client, boolean ownsClient) {
    this.client = client;
    this.ownsClient = ownsClient;
  }

  /**
   * A client that speaks HTTP/2 over cleartext (prior knowledge) on one connection per server:
   * streams opened with {@link #openOn} share it. Its connection window (1 MiB) is larger than a
   * stream's (64 KiB), as browsers' are: a paused stream then stalls on its own window, not the
   * connection's, and cannot starve the other streams into being dropped in its place.
   */
  public static HttpClient http2Client(Vertx vertx) {
    return vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false).setHttp2ConnectionWindowSize(1024 * 1024),
        new PoolOptions().setHttp2MaxSize(1));
  }

  /**
   * Opens {@code path} on 127.0.0.1:{@code port} with the token in the Authorization header, or
   * (with {@code inQuery}) as {@code ?access_token=}; answers once the status line is in.
   */
  public static EventStreamClient open(Vertx vertx, int port, String path, String token, boolean inQuery) {
    return open(new EventStreamClient(vertx.createHttpClient(), true), port, path, token, inQuery);
  }

  /** As above, on {@code client} (e.g. {@link #http2Client}), which closing the stream leaves open. */
  public static EventStreamClient openOn(HttpClient client, int port, String path, String token) {
    return open(new EventStreamClient(client, false), port, path, token, true);
  }

  /** Opens an operators' stream: {@code path} with the Admin-Key header. */
  public static EventStreamClient openAdmin(Vertx vertx, int port, String path, String adminKey) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
        .setURI(path).putHeader("Accept", "text/event-stream").putHeader("Admin-Key", adminKey);
    return open(new EventStreamClient(vertx.createHttpClient(), true), options);
  }

  private static EventStreamClient open(EventStreamClient stream, int port, String path, String token, boolean inQuery) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
        .setURI(inQuery ? path + (path.contains("?") ? "&" : "?") + "access_token=" + token : path).putHeader("Accept", "text/event-stream");
    if (!inQuery) {
      options.putHeader("Authorization", "Bearer " + token);
    }
    return open(stream, options);
  }

  private static EventStreamClient open(EventStreamClient stream, RequestOptions options) {
    HttpClientResponse response = TestApp.await(stream.client.request(options).compose(request -> request.send())
        .map(answer -> {
          // On the loop, before any chunk can arrive.
          answer.handler(chunk -> stream.take(chunk.toString()));
          answer.endHandler(v -> stream.ended.tryComplete());
          answer.exceptionHandler(failure -> stream.ended.tryComplete());
          return answer;
        }));
    stream.response = response;
    return stream;
  }

  public int status() {
    return response.statusCode();
  }

  public synchronized int heartbeats() {
    return heartbeats;
  }

  /** The connection the stream came over. */
  public HttpConnection connection() {
    return response.request().connection();
  }

  public HttpVersion version() {
    return response.version();
  }

  /** Stops reading the stream (flow control then stops the server's writes to it). */
  public void pause() {
    response.pause();
  }

  public Future<Void> ended() {
    return ended.future();
  }

  /** The next event, or fails after {@code timeoutMillis}. */
  public Event next(long timeoutMillis) {
    try {
      Event event = events.poll(timeoutMillis, TimeUnit.MILLISECONDS);
      if (event == null) {
        throw new AssertionError("no event within " + timeoutMillis + " ms");
      }
      return event;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Skips events until one matches; fails if none does within {@code timeoutMillis}. */
  public Event until(Predicate<Event> wanted, long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        throw new AssertionError("no matching event within " + timeoutMillis + " ms");
      }
      Event event = next(left);
      if (wanted.test(event)) {
        return event;
      }
    }
  }

  private synchronized void take(String text) {
    pending.append(text);
    int end;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      String block = pending.substring(0, end);
      pending.delete(0, end + 2);
      String name = "message";
      String id = null;
      StringBuilder data = new StringBuilder();
      boolean comment = true;
      for (String line : block.split("\n")) {
        if (line.startsWith("event: ")) {
          name = line.substring(7);
          comment = false;
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
          comment = false;
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
          comment = false;
        } else if (!line.startsWith(":")) {
          comment = false;
        }
      }
      if (comment) {
        heartbeats++;
      } else if (data.length() > 0) {
        events.add(new Event(name, id, new JsonObject(data.toString()), System.nanoTime()));
      }
    }
  }

  @Override
  public void close() {
    if (ownsClient) {
      TestApp.await(client.close());
    } else {
      TestApp.await(response.request().reset().recover(failure -> Future.succeededFuture()));
    }
  }
}
