package dev.concert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seams of the design, read from the sources (imports and fully qualified names of
 * {@code dev.concert.*}, and which SQL and Lua files a class loads): a change that crosses one
 * fails here, not in review.
 */
class ArchitectureTest {
  private static final Path SOURCES = Paths.get("src", "main", "java", "dev", "concert");
  /** What every feature may use; none of it may use a feature. */
  private static final Set<String> PLATFORM =
      Set.of("http", "shared", "infra", "config", "cluster", "metrics", "logging", "idempotency", "identity", "ratelimit");
  private static final Set<String> FEATURES =
      Set.of("queue", "concert", "seats", "reservation", "balance", "payment", "tickets", "outbox", "sales", "audit", "buyers");
  /** SQL folders and Lua prefixes named otherwise than their package. */
  private static final Map<String, String> SQL_OWNERS = Map.of("ledger", "balance");
  /** Lua named by a prefix other than its package: rate_limit (ratelimit), rooms_* (the queue's rooms). */
  private static final Map<String, String> LUA_OWNERS = Map.of("rate", "ratelimit", "rooms", "queue");
  /** The audit checks the seat encoding itself against Postgres: it may read it. */
  private static final Set<String> READS_SEAT_ENCODING = Set.of("seats", "audit");
  private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.concert\\.([a-z]+)\\.([A-Z]\\w*)");
  private static final Pattern SQL = Pattern.compile("Resources\\.sql\\(\"([a-z_]+)/");
  private static final Pattern LUA = Pattern.compile("LuaScript\\.load\\(\"([a-z]+)_");

  /** One source file: its package (below dev.concert; "" for the root) and what it refers to. */
  private record Source(Path path, String pkg, Set<String> references, String text) {}

  private static List<Source> sources;

  @BeforeAll
  static void read() throws IOException {
    sources = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(path -> {
        try {
          String text = Files.readString(path);
          Path relative = SOURCES.relativize(path.getParent());
          String pkg = relative.toString().replace('/', '.');
          Set<String> references = new TreeSet<>();
          Matcher m = REFERENCE.matcher(text);
          while (m.find()) {
            references.add(m.group(1) + "." + m.group(2));
          }
          sources.add(new Source(path, pkg, references, text));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    assertThat(sources).hasSizeGreaterThan(50);
  }

  private static Set<String> packagesUsedBy(Source source) {
    Set<String> used = new TreeSet<>();
    source.references().forEach(r -> used.add(r.substring(0, r.indexOf('.'))));
    used.remove(source.pkg());
    return used;
  }

  @Test
  void everyPackageIsKnown() {
    Set<String> known = new HashSet<>(PLATFORM);
    known.addAll(FEATURES);
    known.add("");
    assertThat(sources).allSatisfy(s -> assertThat(known).as("package of %s (add it to PLATFORM or FEATURES)", s.path()).contains(s.pkg()));
  }

  @Test
  void thePlatformUsesNoFeature() {
    for (Source source : sources) {
      if (PLATFORM.contains(source.pkg())) {
        assertThat(packagesUsedBy(source)).as("%s uses", source.path()).doesNotContainAnyElementsOf(FEATURES);
      }
    }
  }

  @Test
  void noPackageCycles() {
    Map<String, Set<String>> edges = new HashMap<>();
    for (Source source : sources) {
      if (!source.pkg().isEmpty()) {  // the root package (Main, Application) wires everything
        edges.computeIfAbsent(source.pkg(), p -> new TreeSet<>()).addAll(packagesUsedBy(source));
      }
    }
    for (String start : edges.keySet()) {
      assertThat(reachable(edges, start)).as("packages reachable from %s (a cycle back to it)", start).doesNotContain(start);
    }
  }

  /**
   * Configuration is the bottom of the platform (every package reads it): it turns the environment
   * into typed, checked values and imports nothing of ours, so no cycle can run through it.
   */
  @Test
  void configurationUsesNoOtherPackage() {
    for (Source source : sources) {
      if (source.pkg().equals("config")) {
        assertThat(packagesUsedBy(source)).as("%s uses", source.path()).isEmpty();
      }
    }
  }

  private static Set<String> reachable(Map<String, Set<String>> edges, String start) {
    Set<String> seen = new TreeSet<>();
    List<String> todo = new ArrayList<>(edges.getOrDefault(start, Set.of()));
    while (!todo.isEmpty()) {
      String next = todo.remove(todo.size() - 1);
      if (seen.add(next)) {
        todo.addAll(edges.getOrDefault(next, Set.of()));
      }
    }
    return seen;
  }

  @Test
  void seatStateIsOneModuleThatUsesNoFeature() {
    for (Source source : sources) {
      if (source.pkg().equals("seats")) {
        assertThat(packagesUsedBy(source)).as("%s uses", source.path()).doesNotContainAnyElementsOf(FEATURES);
      } else if (!READS_SEAT_ENCODING.contains(source.pkg())) {
        // Other features see the interface and its value types, never the Redis encoding; the
        // application wires the change subscription and the seat stream's HTTP side; the seat map
        // reads the instance's copy of the seat states.
        assertThat(source.references()).as("%s uses", source.path())
            .filteredOn(r -> r.startsWith("seats."))
            .allMatch(r -> r.equals("seats.Seats") || r.equals("seats.SeatStatus") || r.equals("seats.RedisSeats")
                || r.equals("seats.SeatChanges") || r.equals("seats.SeatStreamApi")
                || r.equals("seats.SeatCopies") || r.equals("seats.SeatSnapshot"));
      }
    }
  }

  @Test
  void paymentReachesReservationsThroughTheirPortOnly() {
    Set<String> allowed = Set.of("reservation.Reservation", "reservation.ReservationPort", "reservation.ReservationStatus");
    for (Source source : sources) {
      if (source.pkg().equals("payment")) {
        assertThat(source.references()).as("%s uses", source.path())
            .filteredOn(r -> r.startsWith("reservation.")).allMatch(allowed::contains);
      }
    }
  }

  /** Payment and refund move money through balance's port, in their own transaction; its repository is balance's own. */
  @Test
  void paymentReachesBalancesThroughTheirPortOnly() {
    for (Source source : sources) {
      if (source.pkg().equals("payment")) {
        assertThat(source.references()).as("%s uses", source.path())
            .filteredOn(r -> r.startsWith("balance.")).allMatch("balance.BalancePort"::equals);
      }
      if (!source.pkg().equals("balance")) {
        assertThat(source.references()).as("%s uses", source.path()).doesNotContain("balance.BalanceRepository");
      }
    }
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

  @Test
  void eachFeatureLoadsOnlyItsOwnSqlAndLua() {
    for (Source source : sources) {
      for (Pattern resource : List.of(SQL, LUA)) {
        Matcher m = resource.matcher(source.text());
        while (m.find()) {
          String owner = (resource == SQL ? SQL_OWNERS : LUA_OWNERS).getOrDefault(m.group(1), m.group(1));
          assertThat(source.pkg()).as("%s loads %s of %s", source.path(), resource == SQL ? "SQL" : "Lua", owner).isEqualTo(owner);
        }
      }
    }
  }
}
