package dev.concert.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code redis-server} of the test's own on a free loopback port, with its data under
 * {@code target/}, so a test may stop and restart it without touching the shared one. It keeps its
 * data in an append-only file written on every command: a restart that keeps the data loses
 * nothing Redis acknowledged; one that loses it starts on an empty directory. The process is this
 * test's child; it is killed on {@link #close()}, or when the JVM exits.
 */
public final class PrivateRedis implements AutoCloseable {
  private final Path dir;
  private final int port;
  private Process process;
  private int starts;

  private PrivateRedis(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** A new, empty server, started. */
  public static PrivateRedis start() {
    try {
      Path dir = Files.createDirectories(Paths.get("target", "redis-" + UUID.randomUUID().toString().substring(0, 8)));
      PrivateRedis redis = new PrivateRedis(dir, Ports.free());
      redis.launch();
      return redis;
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare a private Redis: " + e.getMessage(), e);
    }
  }

  /** Its URI, database 1 (as the tests' shared Redis). */
  public String uri() {
    return "redis://127.0.0.1:" + port + "/1";
  }

  /** A clean shutdown: Redis ends its clients' connections and has every write in its file. */
  public void stopKeepingData() {
    stop(false);
  }

  /** A crash that takes the data with it (killed, its files deleted): it comes back empty. */
  public void stopLosingData() {
    stop(true);
    deleteData();
  }

  /** Starts the server again on what its directory holds; returns once it answers PING. */
  public void startAgain() {
    launch();
  }

  @Override
  public void close() {
    stop(true);
    deleteData();
  }

  private void launch() {
    starts++;
    try {
      Files.createDirectories(dir);
      Path log = dir.resolve("redis-" + starts + ".log");
      process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
          "--dir", dir.toAbsolutePath().toString(), "--save", "", "--appendonly", "yes", "--appendfsync", "always"))
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      Process started = process;
      // Never outlive the test JVM, even when it dies before close().
      Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "private-redis-kill"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!answersPing()) {
        if (!process.isAlive()) {
          throw new IllegalStateException("private Redis exited during start; see " + log);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("private Redis not ready after 30 s; see " + log);
        }
        Thread.sleep(20);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot start redis-server (is it installed? scripts/services.sh up): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void stop(boolean kill) {
    if (process == null || !process.isAlive()) {
      return;
    }
    if (kill) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("private Redis does not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void deleteData() {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).filter(path -> !path.getFileName().toString().endsWith(".log"))
          .forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new IllegalStateException("cannot delete the private Redis's data: " + e.getMessage(), e);
    }
  }

  /** PING answered PONG (not LOADING or an error): the server serves. */
  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(1_000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[7];
      int read = in.readNBytes(reply, 0, reply.length);
      return new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

}
