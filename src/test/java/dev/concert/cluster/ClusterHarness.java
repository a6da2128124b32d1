package dev.concert.cluster;

import dev.concert.config.AppConfig;
import dev.concert.support.Ports;
import dev.concert.support.TestApp;
import dev.concert.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Real instances of the service, each a separate JVM ({@code java -cp <test class path>
 * dev.concert.Main}), clustered with each other on loopback, against the test Postgres, Redis and
 * Kafka. Starts with a clean database and Redis; {@link #close} kills whatever still runs, and a
 * shutdown hook does the same if the test JVM dies first. Each instance logs to
 * {@code target/cluster-it/<cluster>-<n>.log}.
 */
public final class ClusterHarness implements AutoCloseable {
  private static final Duration START_DEADLINE = Duration.ofSeconds(180);

  private final String clusterName = "it-" + UUID.randomUUID().toString().substring(0, 8);
  private final Vertx vertx = Vertx.vertx();
  private final List<Instance> instances = new ArrayList<>();
  private final Thread reaper = new Thread(this::killAll, "cluster-harness-reaper");
  private final AppConfig config;
  private int launches;

  private ClusterHarness(Map<String, String> env) {
    this.config = AppConfig.from(env);
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /** Resets Postgres and Redis, starts {@code count} clustered instances, waits until all see each other. */
  public static ClusterHarness start(int count, Map<String, String> overrides) {
    List<Map<String, String>> each = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      each.add(Map.of());
    }
    return start(each, overrides);
  }

  /**
   * Like {@link #start(int, Map)}, one instance per entry of {@code perInstance}, each with its
   * own overrides on top of {@code overrides} (e.g. {@code CONCERT_ROLES}).
   */
  public static ClusterHarness start(List<Map<String, String>> perInstance, Map<String, String> overrides) {
    Map<String, String> shared = TestApp.environment(overrides);
    ClusterHarness harness = new ClusterHarness(shared);
    int count = perInstance.size();
    try {
      TestApp.reset(harness.config);
      List<Integer> hazelcastPorts = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        hazelcastPorts.add(Ports.free());
      }
      String members = String.join(",", hazelcastPorts.stream().map(p -> "127.0.0.1:" + p).toList());
      for (int i = 0; i < count; i++) {
        Map<String, String> env = new HashMap<>(shared);
        env.put("CONCERT_HTTP_PORT", Integer.toString(Ports.free()));
        env.put("CONCERT_CLUSTER", "true");
        env.put("CONCERT_CLUSTER_NAME", harness.clusterName);
        env.put("CONCERT_CLUSTER_HOST", "127.0.0.1");
        env.put("CONCERT_CLUSTER_PORT", Integer.toString(hazelcastPorts.get(i)));
        env.put("CONCERT_CLUSTER_MEMBERS", members);
        env.putAll(overrides);
        env.putAll(perInstance.get(i));
        harness.instances.add(harness.launch(i, env));
      }
      harness.awaitCluster(count);
      return harness;
    } catch (RuntimeException | Error e) {
      harness.close();
      throw e;
    }
  }

  public Instance instance(int index) {
    return instances.get(index);
  }

  public List<Instance> instances() {
    return instances;
  }

  public AppConfig config() {
    return config;
  }

  /**
   * Polls until every live instance is ready and counts {@code size} members (an instance without
   * the http role has no HTTP to ask: its log says when it is ready, its peers count it).
   */
  public void awaitCluster(int size) {
    for (Instance instance : instances) {
      if (instance.process.isAlive()) {
        Wait.until(() -> {
          if (!instance.process.isAlive()) {
            throw new AssertionError(instance + " exited with " + instance.process.exitValue() + ":\n" + instance.logTail());
          }
          return instance.ready() && (!instance.servesHttp() || instance.clusterSize() == size);
        }, instance + " to be ready in a cluster of " + size, START_DEADLINE);
      }
    }
  }

  /** Starts instance {@code index} again (after it was killed) with the same environment; waits until the cluster has {@code size} members. */
  public Instance restart(int index, int size) {
    Instance old = instances.get(index);
    old.process.destroyForcibly();
    try {
      old.process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Instance restarted = launch(index, old.env);
    instances.set(index, restarted);
    awaitCluster(size);
    return restarted;
  }

  private Instance launch(int index, Map<String, String> env) {
    Path log = Paths.get("target", "cluster-it", clusterName + "-" + index + "-" + (++launches) + ".log");
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("@" + Paths.get("scripts", "hazelcast-jvm.args").toAbsolutePath());
    command.add("-cp");
    command.add(classPath());
    command.add("dev.concert.Main");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    try {
      Files.createDirectories(log.getParent());
      Process process = builder.start();
      return new Instance(index, env, process, log,
          WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
              .setDefaultPort(Integer.parseInt(env.get("CONCERT_HTTP_PORT"))).setKeepAlive(true),
              new PoolOptions().setHttp1MaxSize(100).setMaxWaitQueueSize(-1)));
    } catch (IOException e) {
      throw new IllegalStateException("cannot start instance " + index, e);
    }
  }

  /** Surefire may hide the real class path behind a manifest-only jar; it names it here. */
  private static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  private void killAll() {
    for (Instance instance : instances) {
      instance.process.descendants().forEach(ProcessHandle::destroyForcibly);
      instance.process.destroyForcibly();
    }
    for (Instance instance : instances) {
      try {
        instance.process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running already
    }
    TestApp.await(vertx.close());
  }

  /** One running instance and an HTTP client for it. */
  public static final class Instance implements dev.concert.support.ServiceClient {
    private final int index;
    private final Map<String, String> env;
    private final int port;
    private final Process process;
    private final Path log;
    private final WebClient client;

    Instance(int index, Map<String, String> env, Process process, Path log, WebClient client) {
      this.index = index;
      this.env = Map.copyOf(env);
      this.port = Integer.parseInt(env.get("CONCERT_HTTP_PORT"));
      this.process = process;
      this.log = log;
      this.client = client;
    }

    /** Whether this instance runs the http role (CONCERT_ROLES unset means every role). */
    public boolean servesHttp() {
      String roles = env.get("CONCERT_ROLES");
      return roles == null || roles.isBlank() || List.of(roles.split("\\s*,\\s*")).contains("http");
    }

    public int port() {
      return port;
    }

    public Process process() {
      return process;
    }

    public Path log() {
      return log;
    }

    @Override
    public WebClient client() {
      return client;
    }

    boolean ready() {
      if (!servesHttp()) {
        return process.isAlive() && logContains("instance ready");
      }
      try {
        return process.isAlive() && TestApp.await(call(HttpMethod.GET, "/health/ready", null, null)).statusCode() == 200;
      } catch (RuntimeException notYet) {
        return false;
      }
    }

    /** Members this instance sees, or -1 when it does not answer. */
    public int clusterSize() {
      try {
        return operatorGet("/health/cluster").bodyAsJsonObject().getInteger("size");
      } catch (RuntimeException notAnswering) {
        return -1;
      }
    }

    boolean logContains(String text) {
      try {
        return Files.readString(log).contains(text);
      } catch (IOException | java.io.UncheckedIOException notYet) {
        return false;
      }
    }

    /** The last lines of the instance's log, for failure messages. */
    public String logTail() {
      try {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }

    @Override
    public String toString() {
      return "instance " + index + " (port " + port + ", log " + log + ")";
    }
  }



}
