package dev.concert.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.TestApp;
import dev.concert.support.TestAppExtension;
import dev.concert.support.TestApp.ActiveUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scrapes GET /metrics around real holds, conflicts, payments and expiries. */
class MetricsIntegrationTest {
  private static final Pattern UUID_LIKE =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  @RegisterExtension final TestAppExtension apps = new TestAppExtension();
  private TestApp app;

  private PrometheusText scrape() {
    HttpResponse<Buffer> response = app.operatorGet("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    return PrometheusText.parse(response.bodyAsString());
  }

  @Test
  void everyDomainCounterMovesByExactlyWhatHappened() {
    app = apps.start();
    long schedule = app.createConcert("Metrics", 20, 1_000, Duration.ofDays(3), 1)
        .getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
    PrometheusText before = scrape();

    List<ActiveUser> users = app.activeUsers(4);
    ActiveUser payer = users.get(0);
    ActiveUser loser = users.get(1);
    ActiveUser sleeper = users.get(2);
    ActiveUser canceller = users.get(3);

    String key = UUID.randomUUID().toString();
    assertThat(TestApp.await(app.charge(payer, 5_000, key)).statusCode()).isEqualTo(200);
    assertThat(TestApp.await(app.charge(payer, 5_000, key)).statusCode()).isEqualTo(200); // a replay

    HttpResponse<Buffer> held = TestApp.await(app.requestHold(payer, schedule, List.of(1, 2)));
    assertThat(held.statusCode()).as(held.bodyAsString()).isEqualTo(201);
    String paid = held.bodyAsJsonObject().getString("reservationId");
    assertThat(TestApp.await(app.requestHold(loser, schedule, List.of(2, 3))).statusCode()).isEqualTo(409);
    HttpResponse<Buffer> payment = app.callAndWait(HttpMethod.POST, "/api/v1/payments", payer.token(),
        new JsonObject().put("reservationId", paid));
    assertThat(payment.statusCode()).as(payment.bodyAsString()).isEqualTo(201);

    String lapsing = app.hold(sleeper, schedule, List.of(5));
    String cancelled = app.hold(canceller, schedule, List.of(7));
    assertThat(app.callAndWait(HttpMethod.DELETE, "/api/v1/reservations/" + cancelled, canceller.token(), null)
        .statusCode()).isEqualTo(204);
    assertThat(app.callAndWait(HttpMethod.GET, "/api/v1/reservations/" + lapsing, sleeper.token(), null)
        .statusCode()).isEqualTo(200);
    // Time runs out for this hold only: the sweeper expires it.
    TestApp.await(app.pool().preparedQuery("UPDATE reservations SET held_until = now() - interval '1 second' WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(lapsing))));
    TestApp.awaitCondition(() -> scrape().value("concert_holds_expired_total")
        - before.value("concert_holds_expired_total") >= 1, "the sweeper to expire the hold");
    TestApp.awaitCondition(() -> scrape().value("concert_queue_admitted_total")
        - before.value("concert_queue_admitted_total") >= 4, "admissions to be counted");

    PrometheusText after = scrape();
    Map<String, Double> expected = Map.of(
        "concert_queue_tokens_issued_total", 4.0,
        "concert_queue_admitted_total", 4.0,
        "concert_holds_placed_total", 3.0,
        "concert_seat_conflicts_total", 1.0,
        "concert_payments_completed_total", 1.0,
        "concert_holds_cancelled_total", 1.0,
        "concert_holds_expired_total", 1.0,
        "concert_idempotent_replays_total", 1.0);
    expected.forEach((name, delta) ->
        assertThat(after.value(name) - before.value(name)).as(name).isEqualTo(delta));
    assertThat(after.value("concert_sweeper_runs_total")).isGreaterThan(before.value("concert_sweeper_runs_total"));
  }

  @Test
  void httpSeriesAreLabelledByRouteTemplateAndStatusNeverByRawPath() {
    app = apps.start();
    ActiveUser user = app.activeUser();
    String unknown = UUID.randomUUID().toString();
    assertThat(app.callAndWait(HttpMethod.GET, "/api/v1/reservations/" + unknown, user.token(), null).statusCode())
        .isEqualTo(404);
    assertThat(app.callAndWait(HttpMethod.GET, "/no/such/" + unknown, null, null).statusCode()).isEqualTo(404);

    PrometheusText metrics = scrape();
    assertThat(metrics.sum("vertx_http_server_requests_total",
        "route=\"/api/v1/reservations/:reservationId\"", "code=\"404\"", "method=\"GET\"")).isEqualTo(1.0);
    assertThat(metrics.sum("vertx_http_server_requests_total", "route=\"/api/v1/queue/tokens\"", "code=\"201\""))
        .isEqualTo(1.0);
    assertThat(metrics.sum("vertx_http_server_response_time_seconds_bucket",
        "route=\"/api/v1/queue/tokens\"", "le=\"0.5\"")).isGreaterThan(0);
    assertThat(UUID_LIKE.matcher(metrics.text()).find()).as("an id in a label").isFalse();
    assertThat(metrics.text()).doesNotContain("vertx_http_server_response_bytes", "vertx_http_server_request_bytes");
    assertThat(metrics.text()).contains("jvm_memory_used_bytes", "vertx_pool_");
  }

  /**
   * Requests from outside (no token) with made-up methods, made-up and long paths, paths that
   * fail validation and methods a route does not allow: after the first of each kind, thousands
   * more add no series (each made-up method used to add about 18 lines).
   */
  @Test
  void madeUpMethodsAndPathsAddNoSeries() {
    app = apps.start();
    io.vertx.core.http.HttpClient client = app.vertx().createHttpClient(
        // A connection each: the server closes some after answering (414), never reused half-closed.
        new io.vertx.core.http.HttpClientOptions().setMaxInitialLineLength(65_536).setKeepAlive(false),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
    List<java.util.function.IntFunction<io.vertx.core.http.RequestOptions>> kinds = List.of(
        i -> request(HttpMethod.valueOf("MADEUP" + i), "/api/v1/concerts"),
        i -> request(HttpMethod.valueOf("X" + i), "/made/up/" + i),
        i -> request(HttpMethod.GET, "/made/up/" + i + "/" + UUID.randomUUID()),
        i -> request(HttpMethod.DELETE, "/api/v1/concerts"),
        i -> request(HttpMethod.GET, "/api/v1/reservations/not-an-id-" + i),
        i -> request(HttpMethod.GET, "/api/v1/schedules/" + i + "/seats/events/x" + i),
        i -> request(HttpMethod.GET, "/" + "p".repeat(7_000 + i)),
        i -> request(HttpMethod.GET, "/" + "q".repeat(20_000) + i));
    httpSeries(); // the scrape's own series
    kinds.forEach(kind -> send(client, kind, 0, 1));
    java.util.Set<String> first = httpSeries();

    kinds.forEach(kind -> send(client, kind, 1, 500));
    assertThat(httpSeries()).as("series after 4,000 more requests of the same kinds").isEqualTo(first);
    assertThat(first).anyMatch(series -> series.contains("method=\"other\""));
    TestApp.await(client.close());
  }

  private static io.vertx.core.http.RequestOptions request(HttpMethod method, String path) {
    return new io.vertx.core.http.RequestOptions().setMethod(method).setURI(path);
  }

  /** Sends requests {@code from..to-1} of one kind, 64 at a time; answers and failures alike are fine. */
  private void send(io.vertx.core.http.HttpClient client, java.util.function.IntFunction<io.vertx.core.http.RequestOptions> kind,
      int from, int to) {
    for (int batch = from; batch < to; batch += 64) {
      List<io.vertx.core.Future<?>> sent = new java.util.ArrayList<>();
      for (int i = batch; i < Math.min(to, batch + 64); i++) {
        io.vertx.core.http.RequestOptions options = kind.apply(i).setHost("127.0.0.1").setPort(app.port())
            .setIdleTimeout(5_000);
        sent.add(client.request(options).compose(request -> request.send()).compose(response -> response.body())
            .timeout(10, java.util.concurrent.TimeUnit.SECONDS)
            .recover(failure -> io.vertx.core.Future.succeededFuture()));
      }
      TestApp.await(io.vertx.core.Future.join(sent));
    }
  }

  /** Every HTTP server series in /metrics (name and labels). */
  private java.util.Set<String> httpSeries() {
    return scrape().series().keySet().stream().filter(series -> series.startsWith("vertx_http_server"))
        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
  }

  @Test
  void eventBusTrafficIsCountedPerFeatureAddress() {
    app = apps.start();
    PrometheusText before = scrape();
    app.activeUser();
    PrometheusText after = scrape();
    String issue = "address=\"queue.issue\"";
    assertThat(after.sum("vertx_eventbus_processed_total", issue) - before.sum("vertx_eventbus_processed_total", issue))
        .isEqualTo(1.0);
    assertThat(after.sum("vertx_eventbus_handlers", issue)).isGreaterThan(0);
    assertThat(after.sum("vertx_eventbus_pending", issue)).isZero();
    assertThat(after.text()).as("same-loop suffixes stay out of labels").doesNotContain("@vert.x-eventloop");
  }

  @Test
  void everyMetricTheDashboardQueriesIsServed() throws java.io.IOException {
    String dashboard = java.nio.file.Files.readString(java.nio.file.Path.of("deploy/grafana/concert-dashboard.json"));
    java.util.Set<String> queried = new java.util.TreeSet<>();
    Pattern.compile("\\b(?:concert|vertx|jvm|process|system)_[a-z0-9_]+").matcher(dashboard).results()
        .forEach(match -> queried.add(match.group()));
    assertThat(queried).contains("vertx_http_server_requests_total", "vertx_eventbus_pending", "concert_holds_placed_total");

    app = apps.start();
    ActiveUser user = app.activeUser();
    // A 404 from a feature travels back as a reply failure: the dashboard's reply-failure panel.
    app.callAndWait(HttpMethod.GET, "/api/v1/reservations/" + UUID.randomUUID(), user.token(), null);
    System.gc(); // the GC pause timer appears with the first collection Micrometer is told about
    java.util.Set<String> missing = new java.util.TreeSet<>(queried);
    try {
      TestApp.awaitCondition(() -> {
        scrape().series().keySet().forEach(series -> missing.remove(series.replaceFirst("\\{.*", "")));
        return missing.isEmpty();
      }, "every metric the dashboard queries in /metrics");
    } catch (AssertionError timedOut) {
      assertThat(missing).as("queried by the dashboard, not served").isEmpty();
    }
  }

  @Test
  void aRequestTheClientCutsOffIsCountedAsResetAndIsNoLongerActive() throws java.io.IOException {
    app = apps.start();
    String posts = "method=\"POST\"";
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", app.port())) {
      // Headers promise 100 bytes of body; the client sends 6 and hangs up.
      String head = "POST /api/v1/queue/tokens HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
          + "Content-Length: 100\r\n\r\n{\"user";
      socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      TestApp.awaitCondition(() -> scrape().sum("vertx_http_server_active_requests", posts) == 1.0,
          "the cut-off request to be in progress");
    }
    TestApp.awaitCondition(() -> {
      PrometheusText metrics = scrape();
      return metrics.sum("vertx_http_server_request_resets_total", posts) == 1.0
          && metrics.sum("vertx_http_server_active_requests", posts) == 0.0;
    }, "one reset and no POST in progress");
    assertThat(scrape().sum("vertx_http_server_requests_total", posts)).as("a reset is not an answer").isZero();
  }

  @Test
  void eventBusMetersCanBeTurnedOff() {
    app = apps.start(java.util.Map.of("CONCERT_METRICS_EVENT_BUS", "false"));
    app.activeUser();
    assertThat(scrape().text()).doesNotContain("vertx_eventbus_").contains("vertx_http_server_requests_total");
  }

  @Test
  void queueGaugesFollowRedis() {
    app = apps.start();
    app.activeUsers(3);
    TestApp.awaitCondition(() -> scrape().value("concert_queue_active_tokens") == 3.0, "the active gauge to read 3");
    assertThat(scrape().value("concert_queue_waiting_tokens")).isEqualTo(0.0);
    assertThat(scrape().series()).containsKey("concert_oldest_due_hold_age_seconds");
  }
}
