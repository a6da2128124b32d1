package dev.concert.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every command the test Redis server runs from now on (Redis's MONITOR), as its one-line
 * descriptions ({@code 1733600000.123456 [1 127.0.0.1:5000] "evalsha" "..." ...}): to count what a
 * feature asks Redis. Only for the test's own Redis server (MONITOR sees every client of it).
 */
public final class RedisMonitor implements AutoCloseable {
  private final Socket socket;
  private final List<String> lines = new ArrayList<>();

  private RedisMonitor(Socket socket) {
    this.socket = socket;
  }

  /** Starts monitoring the server of {@code redisUri}; returns once Redis has said OK. */
  public static RedisMonitor start(String redisUri) {
    URI uri = URI.create(redisUri);
    try {
      Socket socket = new Socket(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
      socket.getOutputStream().write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String ok = in.readLine();
      if (!"+OK".equals(ok)) {
        socket.close();
        throw new IllegalStateException("MONITOR answered " + ok);
      }
      RedisMonitor monitor = new RedisMonitor(socket);
      Thread reader = new Thread(() -> monitor.read(in), "redis-monitor");
      reader.setDaemon(true);
      reader.start();
      return monitor;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void read(BufferedReader in) {
    try {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        synchronized (lines) {
          lines.add(line);
        }
      }
    } catch (IOException closed) {
      // closed by the test
    }
  }

  /** How many commands seen so far match {@code wanted}. */
  public long count(Predicate<String> wanted) {
    synchronized (lines) {
      return lines.stream().filter(wanted).count();
    }
  }

  /** The commands seen so far that match {@code wanted}. */
  public List<String> matching(Predicate<String> wanted) {
    synchronized (lines) {
      return lines.stream().filter(wanted).toList();
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
