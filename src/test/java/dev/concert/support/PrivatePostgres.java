package dev.concert.support;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway Postgres cluster of the test's own (initdb, trust auth) on a free loopback port, so a
 * test may stop and start it without touching the shared server. It runs from the local Postgres
 * binaries ({@code /usr/lib/postgresql/<version>/bin}); as root every command runs as the
 * {@code postgres} user, as initdb refuses root. The cluster is destroyed on {@link #close()}, or
 * when the JVM exits.
 */
public final class PrivatePostgres implements AutoCloseable {
  private static final Path BINARIES = Paths.get("/usr/lib/postgresql");

  private final Path bin;
  private final Path dir;
  private final int port;
  private final Thread cleanup = new Thread(this::destroy, "private-postgres-cleanup");
  private int starts;

  private PrivatePostgres(Path bin, Path dir, int port) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
  }

  /** A new cluster, initialised and started (about 1-2 s). */
  public static PrivatePostgres start() {
    try {
      Path dir = Files.createTempDirectory("concert-pg-");
      if (isRoot()) {
        UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        Files.setOwner(dir, postgres);
      }
      PrivatePostgres cluster = new PrivatePostgres(binaries(), dir, Ports.free());
      Runtime.getRuntime().addShutdownHook(cluster.cleanup);
      cluster.run("initdb", "-D", cluster.data(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync");
      cluster.launch();
      return cluster;
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare a private Postgres: " + e.getMessage(), e);
    }
  }

  /** The connection URI of its {@code postgres} database. */
  public String uri() {
    return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
  }

  /** Starts the server; returns once it accepts connections. */
  public void startAgain() {
    launch();
  }

  /** A fast shutdown ({@code pg_ctl -m fast stop}): sessions are ended, open transactions rolled back. */
  public void stopFast() {
    run("pg_ctl", "-D", data(), "-m", "fast", "-w", "-t", "60", "stop");
  }

  @Override
  public void close() {
    destroy();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException exiting) {
      // the JVM is already exiting: the hook runs destroy() anyway
    }
  }

  private void launch() {
    starts++;
    run("pg_ctl", "-D", data(), "-l", dir.resolve("postgres-" + starts + ".log").toString(), "-w", "-t", "60",
        "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
        "start");
  }

  private synchronized void destroy() {
    if (!Files.isDirectory(dir)) {
      return;
    }
    if (Files.exists(dir.resolve("data/postmaster.pid"))) {
      runQuietly("pg_ctl", "-D", data(), "-m", "immediate", "-w", "-t", "30", "stop");
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }

  private String data() {
    return dir.resolve("data").toString();
  }

  private void run(String program, String... args) {
    int exit = runQuietly(program, args);
    if (exit != 0) {
      throw new IllegalStateException(program + " failed (exit " + exit + "); see " + dir.resolve(program + ".out"));
    }
  }

  private int runQuietly(String program, String... args) {
    List<String> command = new ArrayList<>();
    if (isRoot()) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(program).toString());
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(program + ".out").toFile())).start();
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The newest installed version's binaries. */
  private static Path binaries() throws IOException {
    Path newest = null;
    if (Files.isDirectory(BINARIES)) {
      try (DirectoryStream<Path> versions = Files.newDirectoryStream(BINARIES)) {
        for (Path version : versions) {
          Path bin = version.resolve("bin");
          if (Files.isExecutable(bin.resolve("pg_ctl")) && (newest == null || versionOf(bin) > versionOf(newest))) {
            newest = bin;
          }
        }
      }
    }
    if (newest == null) {
      throw new IllegalStateException("no Postgres server binaries under " + BINARIES + ": run scripts/services.sh up");
    }
    return newest;
  }

  private static int versionOf(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

}
