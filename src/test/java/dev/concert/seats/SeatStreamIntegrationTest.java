package dev.concert.seats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.config.AppConfig;
import dev.concert.http.HttpVerticle;
import dev.concert.metrics.StreamMetrics;
import dev.concert.support.EventStreamClient;
import dev.concert.support.EventStreamClient.Event;
import dev.concert.support.TestApp;
import dev.concert.support.TestApp.ActiveUser;
import dev.concert.support.TestAppExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The seat stream across two instances sharing Redis and Postgres: snapshot, then changes within 1 s. */
class SeatStreamIntegrationTest {
  /**
   * How long a reader may take to see a change queued behind a flood of thousands (a deadline, not a
   * wait: it returns at the event). 5 s failed twice with three test JVMs on a box at load 20.
   */
  private static final long FLOOD_DRAIN_MILLIS = 30_000;

  @RegisterExtension
  final TestAppExtension apps = new TestAppExtension();

  private static String path(long schedule) {
    return "/api/v1/schedules/" + schedule + "/seats/events";
  }

  /** True when the event is a {@code seats} batch that says {@code seat} is now {@code status}. */
  private static boolean says(Event event, int seat, String status) {
    if (!event.name().equals("seats")) {
      return false;
    }
    JsonArray changes = event.data().getJsonArray("changes");
    for (int i = changes.size() - 1; i >= 0; i--) {
      JsonObject change = changes.getJsonObject(i);
      if (change.getInteger("seatNumber") == seat) {
        return change.getString("status").equals(status);
      }
    }
    return false;
  }

  @Test
  void holdCancelPaymentAndRefundOnOneInstanceReachAStreamOnAnotherWithinOneSecond() {
    TestApp first = apps.start();
    TestApp second = apps.resume(AppConfig.from(TestApp.environment(Map.of())));
    long schedule = first.newSchedule("Streamed", 10, 1_000);
    ActiveUser watcher = second.activeUser();
    ActiveUser buyer = first.activeUser();

    // The token in the query, as a browser's EventSource sends it.
    try (EventStreamClient stream = EventStreamClient.open(second.vertx(), second.port(), path(schedule), watcher.token(), true)) {
      assertThat(stream.status()).isEqualTo(200);
      Event snapshot = stream.next(10_000);
      assertThat(snapshot.name()).isEqualTo("snapshot");
      assertThat(snapshot.data().getLong("scheduleId")).isEqualTo(schedule);
      assertThat(snapshot.data().getJsonArray("items")).hasSize(10)
          .allSatisfy(seat -> assertThat(((JsonObject) seat).getString("status")).isEqualTo("AVAILABLE"));

      String cancelled = first.hold(buyer, schedule, List.of(3, 4));
      Event held = stream.until(e -> says(e, 3, "HELD"), 1_000);
      assertThat(says(held, 4, "HELD")).isTrue();

      HttpResponse<Buffer> cancel = first.callAndWait(HttpMethod.DELETE, "/api/v1/reservations/" + cancelled, buyer.token(), null);
      assertThat(cancel.statusCode()).as(cancel.bodyAsString()).isLessThan(300);
      stream.until(e -> says(e, 3, "AVAILABLE") && says(e, 4, "AVAILABLE"), 1_000);

      String paid = first.hold(buyer, schedule, List.of(7));
      stream.until(e -> says(e, 7, "HELD"), 1_000);
      assertThat(TestApp.await(first.charge(buyer, 5_000, null)).statusCode()).isEqualTo(200);
      HttpResponse<Buffer> payment = TestApp.await(first.pay(buyer, paid, null));
      assertThat(payment.statusCode()).as(payment.bodyAsString()).isLessThan(300);
      stream.until(e -> says(e, 7, "SOLD"), 1_000);

      HttpResponse<Buffer> refund = first.callAndWait(HttpMethod.POST, "/api/v1/reservations/" + paid + "/refund", buyer.token(), null);
      assertThat(refund.statusCode()).as(refund.bodyAsString()).isLessThan(300);
      stream.until(e -> says(e, 7, "AVAILABLE"), 1_000);
    }
  }

  @Test
  void aSeatStreamEndsWhenItsTokenIsPaidOnAnotherInstance() {
    TestApp first = apps.start();
    TestApp second = apps.resume(AppConfig.from(TestApp.environment(Map.of())));
    long schedule = first.newSchedule("Paid", 5, 1_000);
    ActiveUser buyer = first.activeUser();
    String reservation = first.hold(buyer, schedule, List.of(2));
    assertThat(TestApp.await(first.charge(buyer, 5_000, null)).statusCode()).isEqualTo(200);
    try (EventStreamClient stream = EventStreamClient.open(second.vertx(), second.port(), path(schedule), buyer.token(), true)) {
      assertThat(stream.next(10_000).name()).isEqualTo("snapshot");
      HttpResponse<Buffer> payment = TestApp.await(first.pay(buyer, reservation, null));
      assertThat(payment.statusCode()).as(payment.bodyAsString()).isEqualTo(201);
      TestApp.await(stream.ended().timeout(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void aSeatStreamEndsWhenItsTokensActiveTimeRunsOut() {
    TestApp app = apps.start(Map.of("CONCERT_QUEUE_ACTIVE_SECONDS", "4"));
    long schedule = app.newSchedule("Timed", 5, 1_000);
    ActiveUser user = app.activeUser();
    try (EventStreamClient stream = EventStreamClient.open(app.vertx(), app.port(), path(schedule), user.token(), true)) {
      assertThat(stream.next(10_000).name()).isEqualTo("snapshot");
      TestApp.await(stream.ended().timeout(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void theTokenMayComeInTheHeaderAndTheGateIsCheckedAtConnect() {
    TestApp app = apps.start();
    long schedule = app.newSchedule("Gated", 5, 1_000);
    ActiveUser user = app.activeUser();
    try (EventStreamClient stream = EventStreamClient.open(app.vertx(), app.port(), path(schedule), user.token(), false)) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.next(10_000).name()).isEqualTo("snapshot");
    }
    try (EventStreamClient forged = EventStreamClient.open(app.vertx(), app.port(), path(schedule), "forged", true)) {
      assertThat(forged.status()).isEqualTo(401);
    }
    try (EventStreamClient unknown = EventStreamClient.open(app.vertx(), app.port(), path(schedule + 1000), user.token(), true)) {
      assertThat(unknown.status()).isEqualTo(404);
    }
  }

  @Test
  void aClientThatStopsReadingIsDroppedWhileOthersKeepTheirStream() {
    TestApp app = apps.start();
    long schedule = app.newSchedule("Slow", 1_000, 1_000);
    ActiveUser user = app.activeUser();
    double droppedBefore = dropped();
    try (EventStreamClient reader = EventStreamClient.open(app.vertx(), app.port(), path(schedule), user.token(), false)) {
      reader.next(10_000);
      // A raw connection with a tiny receive buffer that reads nothing once its request is out.
      NetSocket slow = TestApp.await(app.vertx().createNetClient(new NetClientOptions().setReceiveBufferSize(4096))
          .connect(app.port(), "127.0.0.1"));
      slow.pause();
      TestApp.await(slow.write("GET " + path(schedule) + "?access_token=" + user.token()
          + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"));
      TestApp.awaitCondition(() -> StreamMetrics.SEATS.open() >= 2, "the slow stream to open");
      long opened = StreamMetrics.SEATS.open();

      floodUntilDropped(app, schedule, droppedBefore);
      assertThat(dropped()).as("the slow stream was dropped").isGreaterThan(droppedBefore);
      TestApp.awaitCondition(() -> StreamMetrics.SEATS.open() <= opened - 1, "the slow stream to be closed");

      // The reading client still gets every change (behind the flood's backlog: a loaded box needs time).
      holdAsSomeone(app, schedule, 500);
      reader.until(e -> says(e, 500, "HELD"), FLOOD_DRAIN_MILLIS);
      slow.close();
    }
  }

  @Test
  void overHttp2AStreamThatStopsReadingIsResetAloneAndAShutdownEndsEveryStreamOfTheConnection() {
    TestApp app = apps.start();
    long schedule = app.newSchedule("Shared", 1_000, 1_000);
    ActiveUser user = app.activeUser();
    HttpClient http2 = EventStreamClient.http2Client(app.vertx());
    double droppedBefore = dropped();
    EventStreamClient reader = EventStreamClient.openOn(http2, app.port(), path(schedule), user.token());
    EventStreamClient slow = EventStreamClient.openOn(http2, app.port(), path(schedule), user.token());
    assertThat(List.of(reader.status(), slow.status())).containsOnly(200);
    assertThat(slow.connection()).as("one connection").isSameAs(reader.connection());
    assertThat(reader.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(reader.connection().remoteSettings().getMaxConcurrentStreams())
        .as("streams a connection may open at once").isEqualTo(HttpVerticle.MAX_STREAMS_PER_CONNECTION);
    reader.next(10_000);
    slow.next(10_000);
    slow.pause();

    floodUntilDropped(app, schedule, droppedBefore);
    assertThat(dropped()).as("the slow stream was dropped").isGreaterThan(droppedBefore);
    // Reset alone: the connection and the other stream on it go on.
    holdAsSomeone(app, schedule, 500);
    reader.until(e -> says(e, 500, "HELD"), FLOOD_DRAIN_MILLIS);
    EventStreamClient another = EventStreamClient.openOn(http2, app.port(), path(schedule), user.token());
    assertThat(another.connection()).isSameAs(reader.connection());
    another.next(10_000);

    // Two streams on the connection at shutdown: both end at once, not after the grace period.
    long start = System.nanoTime();
    TestApp.await(app.application().shutdown(20_000));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
    TestApp.await(reader.ended());
    TestApp.await(another.ended());
    TestApp.await(http2.close());
  }

  /** Holds {@code seat} for a new reservation of a new buyer, straight in Redis. */
  private static void holdAsSomeone(TestApp app, long schedule, int seat) {
    TestApp.await(new RedisSeats(app.redis()).hold(schedule, UUID.randomUUID(), UUID.randomUUID(), List.of(seat), 60_000,
        Seats.BuyerLimits.NONE));
  }

  /**
   * Every seat held, then freed, over and over (~40 KB per batch) until a stream that does not
   * read is dropped, or 60 s.
   */
  private static void floodUntilDropped(TestApp app, long schedule, double droppedBefore) {
    Seats seats = new RedisSeats(app.redis());
    List<Integer> all = IntStream.rangeClosed(1, 1_000).boxed().toList();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (dropped() == droppedBefore && System.nanoTime() < deadline) {
      UUID reservation = UUID.randomUUID();
      TestApp.await(seats.hold(schedule, reservation, UUID.randomUUID(), all, 60_000, Seats.BuyerLimits.NONE));
      TestApp.await(app.vertx().timer(60));
      TestApp.await(seats.release(schedule, reservation, all));
      TestApp.await(app.vertx().timer(60));
    }
  }

  @Test
  void theQueryTokenIsNeverWrittenToALog() {
    TestApp app = apps.start();
    long schedule = app.newSchedule("Quiet", 3, 1_000);
    ActiveUser user = app.activeUser();
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
        new ch.qos.logback.core.read.ListAppender<>();
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.classic.Logger access = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("http.access");
    ch.qos.logback.classic.Level level = access.getLevel();
    access.setLevel(ch.qos.logback.classic.Level.INFO); // the tests' configuration keeps it quiet
    lines.start();
    root.addAppender(lines);
    try {
      try (EventStreamClient stream = EventStreamClient.open(app.vertx(), app.port(), path(schedule), user.token(), true)) {
        stream.next(10_000);
      }
      String forged = user.token().substring(0, user.token().length() - 4) + "AAAA";
      try (EventStreamClient refused = EventStreamClient.open(app.vertx(), app.port(), path(schedule), forged, true)) {
        assertThat(refused.status()).isEqualTo(401);
      }
      TestApp.awaitCondition(() -> List.copyOf(lines.list).stream()
          .filter(line -> line.getFormattedMessage().contains("/seats/events")).count() >= 2, "both access lines");
      assertThat(List.copyOf(lines.list)).allSatisfy(line -> {
        String all = line.getFormattedMessage() + line.getMDCPropertyMap() + java.util.Arrays.toString(line.getArgumentArray());
        assertThat(all).doesNotContain(user.token()).doesNotContain(forged).doesNotContain("access_token");
      });
    } finally {
      access.setLevel(level);
      root.detachAppender(lines);
    }
  }

  @Test
  void theRebuildPublishesWhatItWrites() {
    TestApp app = apps.start();
    long schedule = app.newSchedule("Rebuilt", 5, 1_000);
    ActiveUser user = app.activeUser();
    try (EventStreamClient stream = EventStreamClient.open(app.vertx(), app.port(), path(schedule), user.token(), false)) {
      stream.next(10_000);
      Seats seats = new RedisSeats(app.redis());
      TestApp.await(seats.rebuild(List.of(
          new Seats.TakenSeat(schedule, 2, UUID.randomUUID(), true, null),
          new Seats.TakenSeat(schedule, 4, UUID.randomUUID(), false, java.time.Instant.now().plusSeconds(60)))));
      stream.until(e -> says(e, 2, "SOLD") && says(e, 4, "HELD"), 1_000);
    }
  }

  @Test
  void aGracefulShutdownEndsTheStreamsAtOnce() {
    TestApp app = apps.start();
    long schedule = app.newSchedule("Closing", 3, 1_000);
    ActiveUser user = app.activeUser();
    EventStreamClient stream = EventStreamClient.open(app.vertx(), app.port(), path(schedule), user.token(), true);
    stream.next(10_000);
    long start = System.nanoTime();
    // Without ending its streams, the shutdown would wait its whole grace (20 s) for them.
    TestApp.await(app.application().shutdown(20_000));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
  }

  private static double dropped() {
    return io.micrometer.core.instrument.Metrics.globalRegistry.find("concert_streams_dropped").tag("kind", "seats")
        .counters().stream().mapToDouble(c -> c.count()).sum();
  }
}
