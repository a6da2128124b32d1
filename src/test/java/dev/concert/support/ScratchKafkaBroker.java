package dev.concert.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka broker of the test's own (KRaft, single node) on free loopback ports, with its data under
 * {@code target/}, run from the jars that {@code scripts/services.sh up} fetched: a test may stop
 * and restart it without disturbing the shared broker. The process is this test's child; it is
 * killed on {@link #close()}.
 */
public final class ScratchKafkaBroker implements AutoCloseable {
  private static final Path TEMPLATE = Paths.get("scripts/kafka/server.properties.template");
  private static final Path LOG4J = Paths.get("scripts/kafka/log4j2.properties");

  private final Path dir;
  private final Path properties;
  private final Path lib;
  private final int port;
  private Process process;
  private int starts;

  private ScratchKafkaBroker(Path dir, Path lib, int port, int controllerPort) throws IOException {
    this.dir = dir;
    this.lib = lib;
    this.port = port;
    this.properties = dir.resolve("server.properties");
    String config = Files.readString(TEMPLATE)
        .replace("@LOG_DIRS@", dir.resolve("data").toAbsolutePath().toString())
        .replace("127.0.0.1:9092", "127.0.0.1:" + port)
        .replace("127.0.0.1:9093", "127.0.0.1:" + controllerPort);
    Files.writeString(properties, config);
  }

  /** Formats a new broker's storage under {@code target/<name>-<random>}; not started yet. */
  public static ScratchKafkaBroker create(String name) {
    try {
      Path dir = Files.createDirectories(Paths.get("target", name + "-" + Uuid.randomUuid().toString().substring(0, 8)));
      ScratchKafkaBroker broker = new ScratchKafkaBroker(dir, kafkaLib(), Ports.free(), Ports.free());
      broker.run(dir.resolve("format.log"), "kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
          "-c", broker.properties.toString(), "--standalone").waitFor(60, TimeUnit.SECONDS);
      return broker;
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare a scratch Kafka broker: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String bootstrap() {
    return "127.0.0.1:" + port;
  }

  /** Starts the broker and returns once it serves (90 s at most). */
  public void start() {
    try {
      starts++;
      Path log = dir.resolve("kafka-" + starts + ".log");
      process = run(log, "kafka.Kafka", properties.toString());
      Process started = process;
      // Never outlive the test JVM, even when it dies before close().
      Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "scratch-kafka-kill"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (!(portOpen() && Files.exists(log) && Files.readString(log).contains("Kafka Server started"))) {
        if (!process.isAlive()) {
          throw new IllegalStateException("scratch Kafka broker exited during start; see " + log);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("scratch Kafka broker not ready after 90 s; see " + log);
        }
        Thread.sleep(100);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Kills the broker at once (an outage, not a clean shutdown) and waits until it is gone. */
  public void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("scratch Kafka broker does not die");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public void close() {
    kill();
  }

  private Process run(Path log, String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dlog4j2.configurationFile=" + LOG4J.toAbsolutePath(), "-cp", lib.resolve("*").toString(), mainClass));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private boolean portOpen() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Where scripts/services.sh keeps the broker jars (it fetches them on its first `up`). */
  static Path kafkaLib() throws IOException {
    String state = System.getenv("CONCERT_SERVICES_DIR");
    Path base = state == null || state.isBlank()
        ? Paths.get(System.getProperty("user.home"), ".cache", "concert-services")
        : Paths.get(state);
    if (Files.isDirectory(base)) {
      try (DirectoryStream<Path> versions = Files.newDirectoryStream(base, "kafka-*")) {
        for (Path version : versions) {
          Path lib = version.resolve("lib");
          try (DirectoryStream<Path> jars = Files.newDirectoryStream(lib, "kafka_2.13-*.jar")) {
            if (jars.iterator().hasNext()) {
              return lib;
            }
          } catch (IOException notALib) {
            // not a jar folder: try the next
          }
        }
      }
    }
    throw new IllegalStateException("no Kafka jars under " + base + ": run scripts/services.sh up first");
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command().orElse("java");
  }


}
