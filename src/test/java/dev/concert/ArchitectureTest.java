package dev.concert;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seams of the design, checked on the compiled classes with ArchUnit (and, for which SQL and
 * Lua files a class loads, on the sources and resources): a change that crosses one fails here,
 * not in review. Also the rule that splits the test run: a {@code *Test} does no I/O.
 */
class ArchitectureTest {
  private static final String ROOT = "dev.concert";
  /** What every feature may use; none of it may use a feature. */
  private static final Set<String> PLATFORM =
      Set.of("app", "http", "shared", "infra", "config", "cluster", "metrics", "logging", "idempotency", "identity", "ratelimit");
  private static final Set<String> FEATURES =
      Set.of("queue", "concert", "seats", "reservation", "balance", "payment", "tickets", "outbox", "sales", "audit", "buyers", "venues",
          "doors", "trail", "cancellation", "withheld");
  /** SQL folders and Lua prefixes named otherwise than their package. */
  private static final Map<String, String> SQL_OWNERS = Map.of("ledger", "balance");
  /** Lua named by a prefix other than its package: rate_limit (ratelimit), rooms_* (the queue's rooms). */
  private static final Map<String, String> LUA_OWNERS = Map.of("rate", "ratelimit", "rooms", "queue");
  /** The audit checks the seat encoding itself against Postgres: it may read it. */
  private static final String[] READS_SEAT_ENCODING = {ROOT + ".seats", ROOT + ".audit"};
  /** What other packages may see of seats: the interface and its value types, never the Redis encoding. */
  private static final Set<String> SEATS_SEEN_FROM_OUTSIDE =
      Set.of("Seats", "SeatStatus", "RedisSeats", "SeatChanges", "SeatStreamApi", "SeatCopies", "SeatSnapshot",
          // what the seat streams ask the concert feature (which knows the halls) through
          "SeatStreamSource", "StreamScope");

  /**
   * What a unit test ({@code *Test}, not {@code *IntegrationTest}) may not touch: servers, clients
   * of Postgres, Redis, Kafka and HTTP, sockets, processes, browsers, and the test helpers that
   * start or reach them. Unit tests run in surefire without any service; the rest in failsafe.
   */
  private static final Set<String> IO_PACKAGES = Set.of(
      "io.vertx.redis.client", "io.vertx.sqlclient", "io.vertx.pgclient", "io.vertx.ext.web.client",
      "io.vertx.kafka.client.consumer", "org.apache.kafka.clients", "java.net.http", "org.openqa.selenium",
      "org.testcontainers", "org.flywaydb", "com.hazelcast.core", "io.vertx.spi.cluster.hazelcast");
  private static final Set<String> IO_CLASSES = Set.of(
      "java.net.Socket", "java.net.ServerSocket", "java.net.DatagramSocket", "java.net.HttpURLConnection",
      "java.lang.ProcessBuilder", "java.lang.Process", "java.sql.DriverManager",
      "io.vertx.core.http.HttpServer", "io.vertx.core.http.HttpClient", "io.vertx.core.http.HttpClientAgent",
      "io.vertx.core.net.NetServer", "io.vertx.core.net.NetClient", "io.vertx.kafka.client.producer.KafkaProducer",
      ROOT + ".infra.RedisClients", ROOT + ".infra.PgClients", ROOT + ".infra.Migrations",
      ROOT + ".support.TestApp", ROOT + ".support.TestAppExtension", ROOT + ".support.TestServices",
      ROOT + ".support.Shop", ROOT + ".support.ServiceClient", ROOT + ".support.Chromium",
      ROOT + ".support.ScratchKafkaBroker", ROOT + ".support.KafkaTopics", ROOT + ".support.EventStreamClient",
      ROOT + ".support.OnRedisCluster", ROOT + ".support.Ports", ROOT + ".support.Sql", ROOT + ".cluster.ClusterHarness",
      ROOT + ".support.PrivatePostgres", ROOT + ".support.PrivateRedis", ROOT + ".support.ScratchDatabase",
      ROOT + ".support.CuttingPgProxy", ROOT + ".support.RedisMonitor", ROOT + ".support.RestartDrill",
      ROOT + ".support.PurchaseLoad", ROOT + ".support.TwoInstances", ROOT + ".support.OneAppPerClass",
      ROOT + ".support.Venues");

  /** What a test may use only while holding its machine-wide lock ({@code support/MachineWide}). */
  private static final Set<String> MACHINE_WIDE =
      Set.of(ROOT + ".cluster.ClusterHarness", ROOT + ".cluster.ClusterNode", ROOT + ".support.Chromium");

  private static final Path SOURCES = Paths.get("src", "main", "java", "dev", "concert");
  private static final Pattern SQL = Pattern.compile("Resources\\.sql\\(\"([a-z_]+)/");
  private static final Pattern LUA = Pattern.compile("LuaScript\\.load\\(\"([a-z]+)_");

  private static JavaClasses main;
  private static JavaClasses tests;

  @BeforeAll
  static void importClasses() {
    // From the build's class folders: scanning every jar on the class path for the package is slow.
    main = new ClassFileImporter().importPath(Paths.get("target", "classes"));
    tests = new ClassFileImporter().importPath(Paths.get("target", "test-classes"));
    assertThat(main.size()).isGreaterThan(100);
    assertThat(tests.size()).isGreaterThan(50);
  }

  @Test
  void everyPackageIsKnown() {
    classes().should().resideInAnyPackage(packages(Set.of(""), PLATFORM, FEATURES))
        .as("every class lives in dev.concert or a known package (add a new one to PLATFORM or FEATURES)")
        .check(main);
  }

  @Test
  void thePlatformUsesNoFeature() {
    noClasses().that().resideInAnyPackage(packages(PLATFORM)).should().dependOnClassesThat()
        .resideInAnyPackage(packages(FEATURES)).check(main);
  }

  /** The root package (Main, Application) wires everything and is no slice. */
  @Test
  void noPackageCycles() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(main);
  }

  /**
   * Configuration is the bottom of the platform (every package reads it): it turns the environment
   * into typed, checked values and imports nothing of ours, so no cycle can run through it.
   */
  @Test
  void configurationUsesNoOtherPackage() {
    noClasses().that().resideInAPackage(ROOT + ".config").should()
        .dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAPackage(ROOT + ".config"))))
        .check(main);
  }

  /**
   * Other features see the interface and its value types, never the Redis encoding; the
   * application wires the change subscription and the seat stream's HTTP side; the seat map reads
   * the instance's copy of the seat states.
   */
  @Test
  void seatStateIsOneModuleThatUsesNoFeature() {
    noClasses().that().resideInAPackage(ROOT + ".seats").should().dependOnClassesThat()
        .resideInAnyPackage(packages(FEATURES.stream().filter(f -> !f.equals("seats")).collect(Collectors.toSet())))
        .check(main);
    noClasses().that().resideOutsideOfPackages(READS_SEAT_ENCODING).should()
        .dependOnClassesThat(ofPackageExcept("seats", SEATS_SEEN_FROM_OUTSIDE)).check(main);
  }

  @Test
  void paymentReachesReservationsThroughTheirPortOnly() {
    noClasses().that().resideInAPackage(ROOT + ".payment").should()
        .dependOnClassesThat(ofPackageExcept("reservation", Set.of("Reservation", "ReservationPort", "ReservationStatus")))
        .check(main);
  }

  /** Payment and refund move money through balance's port, in their own transaction; its repository is balance's own. */
  @Test
  void paymentReachesBalancesThroughTheirPortOnly() {
    noClasses().that().resideInAPackage(ROOT + ".payment").should()
        .dependOnClassesThat(ofPackageExcept("balance", Set.of("BalancePort"))).check(main);
    noClasses().that().resideOutsideOfPackage(ROOT + ".balance").should()
        .dependOnClassesThat(describe("balance.BalanceRepository", c -> topLevel(c).equals(ROOT + ".balance.BalanceRepository")))
        .check(main);
  }

  /**
   * Features record their operators' writes through the trail's one call, in their own transaction;
   * the trail's table and its reading are the trail's own (the application only lists its module).
   */
  @Test
  void featuresRecordInTheTrailThroughItsInterfaceOnly() {
    noClasses().that().resideOutsideOfPackages(ROOT + ".trail", ROOT).should()
        .dependOnClassesThat(ofPackageExcept("trail", Set.of("ActionTrail", "Actor", "OperatorAction"))).check(main);
  }

  /** Surefire runs {@code *Test} without any service; a test that needs one is an {@code *IntegrationTest}. */
  @Test
  void unitTestsTouchNoIo() {
    DescribedPredicate<JavaClass> unitTests = describe("unit tests (*Test, not *IntegrationTest) and their nested classes",
        c -> simpleName(topLevel(c)).endsWith("Test") && !simpleName(topLevel(c)).endsWith("IntegrationTest"));
    DescribedPredicate<JavaClass> io = describe("do I/O (servers, clients, sockets, processes, browsers, test services)",
        c -> IO_CLASSES.contains(topLevel(c)) || IO_PACKAGES.stream().anyMatch(p ->
            c.getBaseComponentType().getPackageName().equals(p) || c.getBaseComponentType().getPackageName().startsWith(p + ".")));
    noClasses().that(unitTests).should().dependOnClassesThat(io).check(tests);
  }

  /**
   * Integration tests run in parallel JVMs: one that starts clustered JVMs or Hazelcast nodes, or
   * drives Chromium, holds the lock of that resource (the Redis Cluster tests take theirs in
   * {@code OnRedisCluster}), so no two JVMs use it at once.
   */
  @Test
  void testsOfMachineWideResourcesHoldTheirLock() {
    DescribedPredicate<JavaClass> usesMachineWide = describe("use clustered JVMs, Hazelcast or Chromium",
        c -> c.getDirectDependenciesFromSelf().stream().map(d -> topLevel(d.getTargetClass())).anyMatch(MACHINE_WIDE::contains));
    classes().that().haveSimpleNameEndingWith("IntegrationTest").and(usesMachineWide).should()
        .beAnnotatedWith(ROOT + ".support.MachineWide").check(tests);
  }

  /**
   * A Lua script includes (LuaScript, "-- #include name") only a file of its own owner or of the
   * platform (the rate limit's bucket, which the hold script counts attempts with).
   */
  @Test
  void luaIncludesStayWithinTheirOwner() throws IOException {
    Pattern include = Pattern.compile("(?m)^-- #include ([a-z]+)_");
    try (Stream<Path> files = Files.list(Paths.get("src", "main", "resources", "redis"))) {
      for (Path script : files.filter(p -> p.toString().endsWith(".lua")).toList()) {
        String name = script.getFileName().toString();
        String owner = name.substring(0, name.indexOf('_'));
        Matcher m = include.matcher(Files.readString(script));
        while (m.find()) {
          String included = LUA_OWNERS.getOrDefault(m.group(1), m.group(1));
          if (!PLATFORM.contains(included)) {
            assertThat(included).as("%s includes", name).isEqualTo(LUA_OWNERS.getOrDefault(owner, owner));
          }
        }
      }
    }
  }

  /** Resource names are strings in the source, which ArchUnit does not see: read from the sources. */
  @Test
  void eachFeatureLoadsOnlyItsOwnSqlAndLua() throws IOException {
    List<Path> sources;
    try (Stream<Path> files = Files.walk(SOURCES)) {
      sources = files.filter(p -> p.toString().endsWith(".java")).toList();
    }
    assertThat(sources).hasSizeGreaterThan(50);
    for (Path source : sources) {
      String pkg = SOURCES.relativize(source.getParent()).toString().replace('/', '.');
      String text = Files.readString(source);
      for (Pattern resource : List.of(SQL, LUA)) {
        Matcher m = resource.matcher(text);
        while (m.find()) {
          String owner = (resource == SQL ? SQL_OWNERS : LUA_OWNERS).getOrDefault(m.group(1), m.group(1));
          assertThat(pkg).as("%s loads %s of %s", source, resource == SQL ? "SQL" : "Lua", owner).isEqualTo(owner);
        }
      }
    }
  }

  /** Classes of {@code dev.concert.<pkg>} other than the named top-level classes and their nested ones. */
  private static DescribedPredicate<JavaClass> ofPackageExcept(String pkg, Set<String> allowed) {
    return describe(pkg + " classes other than " + allowed, c -> c.getBaseComponentType().getPackageName().equals(ROOT + "." + pkg)
        && !allowed.contains(simpleName(topLevel(c))));
  }

  @SafeVarargs
  private static String[] packages(Set<String>... names) {
    return Stream.of(names).flatMap(Set::stream).map(n -> n.isEmpty() ? ROOT : ROOT + "." + n).toArray(String[]::new);
  }

  /** The top-level class's name (of an array: of its element type). */
  private static String topLevel(JavaClass c) {
    String name = c.getBaseComponentType().getName();
    int nested = name.indexOf('$');
    return nested < 0 ? name : name.substring(0, nested);
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
