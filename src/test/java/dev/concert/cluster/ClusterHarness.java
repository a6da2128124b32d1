package dev.concert.cluster;

import dev.concert.config.AppConfig;
import dev.concert.support.TestApp;
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

  private ClusterHarness(Map<String, String> env) {
    this.config = AppConfig.from(env);
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /** Resets Postgres and Redis, starts {@code count} clustered instances, waits until all see each other. */
  public static ClusterHarness start(int count, Map<String, String> overrides) {
    Map<String, String> shared = TestApp.environment(overrides);
    ClusterHarness harness = new ClusterHarness(shared);
    try {
      TestApp.reset(harness.config);
      List<Integer> hazelcastPorts = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        hazelcastPorts.add(freePort());
      }
      String members = String.join(",", hazelcastPorts.stream().map(p -> "127.0.0.1:" + p).toList());
      for (int i = 0; i < count; i++) {
        Map<String, String> env = new HashMap<>(shared);
        env.put("CONCERT_HTTP_PORT", Integer.toString(freePort()));
        env.put("CONCERT_CLUSTER", "true");
        env.put("CONCERT_CLUSTER_NAME", harness.clusterName);
        env.put("CONCERT_CLUSTER_HOST", "127.0.0.1");
        env.put("CONCERT_CLUSTER_PORT", Integer.toString(hazelcastPorts.get(i)));
        env.put("CONCERT_CLUSTER_MEMBERS", members);
        env.putAll(overrides);
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

  /** Polls until every live instance is ready and counts {@code size} members. */
  public void awaitCluster(int size) {
    for (Instance instance : instances) {
      if (instance.process.isAlive()) {
        awaitCondition(() -> {
          if (!instance.process.isAlive()) {
            throw new AssertionError(instance + " exited with " + instance.process.exitValue() + ":\n" + instance.logTail());
          }
          return instance.ready() && instance.clusterSize() == size;
        }, instance + " to be ready in a cluster of " + size, START_DEADLINE);
      }
    }
  }

  private Instance launch(int index, Map<String, String> env) {
    Path log = Paths.get("target", "cluster-it", clusterName + "-" + index + ".log");
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
      return new Instance(index, Integer.parseInt(env.get("CONCERT_HTTP_PORT")), process, log,
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
  public static final class Instance {
    private final int index;
    private final int port;
    private final Process process;
    private final Path log;
    private final WebClient client;

    Instance(int index, int port, Process process, Path log, WebClient client) {
      this.index = index;
      this.port = port;
      this.process = process;
      this.log = log;
      this.client = client;
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

    public Future<HttpResponse<Buffer>> call(HttpMethod method, String path, String token, JsonObject body) {
      return TestApp.call(client, method, path, token, body);
    }

    public HttpResponse<Buffer> callAndWait(HttpMethod method, String path, String token, JsonObject body) {
      return TestApp.await(call(method, path, token, body));
    }

    /** A GET of an operators' endpoint with the Admin-Key. */
    public HttpResponse<Buffer> operatorGet(String path) {
      return TestApp.await(client.get(path).putHeader("Admin-Key", TestApp.ADMIN_KEY).timeout(30_000).send());
    }

    boolean ready() {
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

    /** Creates a concert of one date through the admin API; returns its schedule id. */
    public long createSchedule(String title, int seats, long price) {
      JsonObject schedule = new JsonObject()
          .put("startsAt", Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS).toString())
          .put("seatCount", seats).put("price", price);
      HttpResponse<Buffer> created = TestApp.await(client.post("/api/v1/admin/concerts")
          .putHeader("Admin-Key", TestApp.ADMIN_KEY)
          .sendJsonObject(new JsonObject().put("title", title).put("schedules", new JsonArray().add(schedule))));
      if (created.statusCode() != 201) {
        throw new IllegalStateException("creating a concert failed: " + created.statusCode() + " " + created.bodyAsString());
      }
      return created.bodyAsJsonObject().getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
    }

    /** Joins the queue as a new user; returns the token. */
    public TestApp.ActiveUser join() {
      UUID userId = UUID.randomUUID();
      HttpResponse<Buffer> issued = callAndWait(HttpMethod.POST, "/api/v1/queue/tokens", null,
          new JsonObject().put("userId", userId.toString()));
      if (issued.statusCode() != 201) {
        throw new IllegalStateException("joining the queue failed: " + issued.statusCode() + " " + issued.bodyAsString());
      }
      return new TestApp.ActiveUser(userId, issued.bodyAsJsonObject().getString("token"));
    }

    public String status(TestApp.ActiveUser user) {
      return callAndWait(HttpMethod.GET, "/api/v1/queue/tokens/current", user.token(), null).bodyAsJsonObject().getString("status");
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

  /** Like {@link TestApp#awaitCondition}, with a deadline of one's choosing. */
  public static void awaitCondition(BooleanSupplier condition, String what, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + deadline.toSeconds() + " s waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

}
