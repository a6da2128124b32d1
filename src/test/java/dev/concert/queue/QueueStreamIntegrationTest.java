package dev.concert.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.EventStreamClient;
import dev.concert.support.EventStreamClient.Event;
import dev.concert.support.TestApp;
import dev.concert.support.TestAppExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The queue stream against the real queue: positions as the line moves, admission, and the end. */
class QueueStreamIntegrationTest {
  private static final String PATH = "/api/v1/queue/tokens/current/events";

  @RegisterExtension
  final TestAppExtension apps = new TestAppExtension();

  @Test
  void aStreamSaysWaitingWithItsPositionsThenActiveThenEndsWhenItsTokenEnds() {
    // One active at a time, for 3 s: the line moves only as tokens end.
    TestApp app = apps.start(Map.of("CONCERT_QUEUE_MAX_ACTIVE", "1", "CONCERT_QUEUE_ACTIVE_SECONDS", "3",
        "CONCERT_QUEUE_ADMIT_PER_SECOND", "10"));
    TestApp.ActiveUser first = app.join();
    TestApp.awaitCondition(() -> app.status(first).equals("ACTIVE"), "the first token to be admitted");
    TestApp.ActiveUser second = app.join();
    TestApp.ActiveUser third = app.join();

    try (EventStreamClient secondStream = EventStreamClient.open(app.vertx(), app.port(), PATH, second.token(), false);
        EventStreamClient thirdStream = EventStreamClient.open(app.vertx(), app.port(), PATH, third.token(), true)) {
      assertThat(secondStream.status()).isEqualTo(200);
      Event onConnect = thirdStream.next(10_000);
      assertThat(onConnect.name()).isEqualTo("status");
      // Its id is the server time the status was read at (epoch ms): how fresh it is.
      assertThat(Long.parseLong(onConnect.id())).isBetween(System.currentTimeMillis() - 10_000, System.currentTimeMillis());
      assertThat(onConnect.data().getString("status")).isEqualTo("WAITING");
      assertThat(onConnect.data().getLong("position")).isEqualTo(2);
      assertThat(onConnect.data().getString("token")).isEqualTo(third.token());
      assertThat(onConnect.data().fieldNames()).containsExactlyInAnyOrderElementsOf(
          app.currentToken(third.token()).fieldNames());

      List<String> seen = new ArrayList<>();
      List<Long> asOf = new ArrayList<>(List.of(Long.parseLong(onConnect.id())));
      Event active = thirdStream.until(e -> {
        seen.add(e.data().getString("status") + " " + e.data().getLong("position"));
        asOf.add(Long.parseLong(e.id()));
        return e.data().getString("status").equals("ACTIVE");
      }, 20_000);
      assertThat(seen).containsExactly("WAITING 1", "ACTIVE 0");
      // A position derived at a tick carries the move that tick answers; no status is older than the one before.
      assertThat(asOf).isSorted();
      assertThat(active.data().getString("activeUntil")).isNotNull();

      Event expired = thirdStream.until(e -> e.data().getString("status").equals("EXPIRED"), 10_000);
      assertThat(expired.data().getString("token")).isEqualTo(third.token());
      TestApp.await(thirdStream.ended());

      assertThat(secondStream.next(1_000).data().getString("status")).isEqualTo("WAITING");
      secondStream.until(e -> e.data().getString("status").equals("ACTIVE"), 10_000);
      TestApp.await(secondStream.ended());
    }
  }

  /**
   * An ACTIVE token's stream asks nothing of Redis about its token while its room's streams tick
   * (it used to run the state script and a ZSCORE every tick), and still ends as soon as its
   * buyer pays: the payment's end of the token is pushed to it.
   */
  @Test
  void anActiveTokensStreamAsksNothingPerTickAndEndsWhenItsBuyerPays() {
    TestApp app = apps.start();
    long schedule = app.newSchedule("Quiet", 5, 1_000);
    TestApp.ActiveUser buyer = app.activeUser();
    String reservation = app.hold(buyer, schedule, List.of(1));
    assertThat(TestApp.await(app.charge(buyer, 5_000, null)).statusCode()).isEqualTo(200);
    String tokenId = TestApp.await(app.redis().send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.GET)
        .arg("queue:{q}:user:" + buyer.userId()))).toString().split(" ")[0];
    java.util.function.Predicate<String> aboutTheToken = line -> line.contains(tokenId) && !line.contains("streams:{token:");
    // queue_head.lua: four keys, the line first.
    java.util.function.Predicate<String> headRead = line -> line.contains("\"4\" \"queue:{q}:waiting\"");

    try (EventStreamClient stream = EventStreamClient.open(app.vertx(), app.port(), PATH, buyer.token(), true)) {
      assertThat(stream.next(10_000).data().getString("status")).isEqualTo("ACTIVE");
      try (dev.concert.support.RedisMonitor monitor =
          dev.concert.support.RedisMonitor.start(app.config().redisUri())) {
        // The room's streams tick on its moves or, without any, on their fallback timer.
        TestApp.awaitCondition(() -> monitor.count(headRead) >= 3, "three ticks of the room's streams");
        assertThat(monitor.matching(aboutTheToken)).as("Redis commands about the active token").isEmpty();

        HttpResponse<Buffer> payment = TestApp.await(app.pay(buyer, reservation, null));
        assertThat(payment.statusCode()).as(payment.bodyAsString()).isEqualTo(201);
        assertThat(stream.until(e -> !e.data().getString("status").equals("ACTIVE"), 5_000).data().getString("status"))
            .isEqualTo("EXPIRED");
        TestApp.await(stream.ended().timeout(5, java.util.concurrent.TimeUnit.SECONDS));
      }
    }
  }

  @Test
  void aTokenLeavingTheMiddleOfTheLineMovesTheStreamsBehindItAtTheNextTick() {
    // One active for a long time: the line moves only as tokens leave it.
    TestApp app = apps.start(Map.of("CONCERT_QUEUE_MAX_ACTIVE", "1", "CONCERT_QUEUE_ACTIVE_SECONDS", "600"));
    TestApp.ActiveUser first = app.join();
    TestApp.awaitCondition(() -> app.status(first).equals("ACTIVE"), "the first token to be admitted");
    TestApp.ActiveUser second = app.join();
    TestApp.ActiveUser third = app.join();
    TestApp.ActiveUser fourth = app.join();
    RedisQueueStore store = new RedisQueueStore(app.redis(), QueueVerticle.timing(app.config()), new OpeningRanks(app.pool()));
    try (EventStreamClient stream = EventStreamClient.open(app.vertx(), app.port(), PATH, fourth.token(), true)) {
      assertThat(stream.next(10_000).data().getLong("position")).isEqualTo(3);
      // The third leaves the middle of the line (as an abandoned or ended token does).
      assertThat(TestApp.await(store.end(Room.serviceWide(1, 1), third.userId().toString()))).isTrue();
      // Within two ticks, not at the stream's next own read (every 30 s here).
      Event moved = stream.until(e -> e.data().getLong("position") != 3, 2_500);
      assertThat(moved.data().getLong("position")).isEqualTo(2);
      assertThat(app.currentToken(fourth.token()).getLong("position")).isEqualTo(2);
      assertThat(app.currentToken(second.token()).getLong("position")).isEqualTo(1);
    }
  }

  @Test
  void aMoveOfTheLineMadeAnywhereReachesTheStreamsAtOnceAndAtMostOnceASecond() {
    // The admission timer ticks once a minute, so the streams' fallback tick too: within the
    // test, a stream only moves when told by the script that moved the line.
    TestApp app = apps.start(HandTicks.NO_TICKS);
    List<TestApp.ActiveUser> users = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      users.add(app.join());
    }
    // The scripts run here, as another instance's timer would run them: one admitted a call.
    Room oneAtATime = Room.serviceWide(1000, 1);
    RoomAdmissions admissions = new RoomAdmissions(app.redis(), HandTicks.TIMING);
    RedisQueueStore store = new RedisQueueStore(app.redis());
    io.micrometer.core.instrument.Timer lag;
    long lagsBefore;
    try (EventStreamClient stream = EventStreamClient.open(app.vertx(), app.port(), PATH, users.get(4).token(), true)) {
      assertThat(stream.next(10_000).data().getLong("position")).isEqualTo(5);
      // (Registered with the first queue stream.)
      lag = io.micrometer.core.instrument.Metrics.globalRegistry.get("concert_streams_update_lag").tag("kind", "queue")
          .timer();
      lagsBefore = lag.count();

      TestApp.awaitCondition(() -> TestApp.await(admissions.admit(oneAtATime)).admitted() == 1, "the first admission");
      Event fourth = stream.until(e -> e.data().getLong("position") != 5, 10_000);
      assertThat(fourth.data().getLong("position")).isEqualTo(4);

      // The active one pays (its token ends), the next is admitted: two moves told at once.
      assertThat(TestApp.await(store.end(oneAtATime, users.get(0).userId().toString()))).isTrue();
      TestApp.awaitCondition(() -> TestApp.await(admissions.admit(oneAtATime)).admitted() == 1, "the second admission");
      Event third = stream.until(e -> e.data().getLong("position") != 4, 10_000);
      assertThat(third.data().getLong("position")).isEqualTo(3);
      // At most one position event a second: the tick of the second and third moves waited for
      // a second after the first move (the first event's id: Redis's time of that move, on this
      // host's clock; a few ms of slack for the two clocks' rounding).
      long firstMove = Long.parseLong(fourth.id());
      assertThat(Long.parseLong(third.id())).isGreaterThan(firstMove);
      assertThat(third.receivedNanos() - fourth.receivedNanos()).isPositive();
      assertThat(receivedAtMillis(third)).isGreaterThanOrEqualTo(firstMove + 1_000 - 5);
    }
    // Each move's tick measured how long after the move it began.
    assertThat(lag.count()).isGreaterThanOrEqualTo(lagsBefore + 2);
  }

  /** When {@code event} arrived, on the wall clock (its record keeps a monotonic time). */
  private static long receivedAtMillis(Event event) {
    return System.currentTimeMillis() - (System.nanoTime() - event.receivedNanos()) / 1_000_000;
  }

  @Test
  void aPreQueueStreamHasNoPositionUntilTheOpeningThenFollowsItsDrawnPlace() {
    TestApp app = apps.start(Map.of("CONCERT_QUEUE_ACTIVE_SECONDS", "3"));
    long concertId = SalesOpeningIntegrationTest.createConcert(app, java.time.Instant.now().plusSeconds(4)
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS), 10, 1).getLong("concertId");
    List<EventStreamClient> streams = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        io.vertx.core.json.JsonObject joined = TestApp.await(app.call(io.vertx.core.http.HttpMethod.POST, "/api/v1/queue/tokens",
            null, new io.vertx.core.json.JsonObject().put("userId", java.util.UUID.randomUUID().toString())
                .put("concertId", concertId))).bodyAsJsonObject();
        streams.add(EventStreamClient.open(app.vertx(), app.port(), PATH, joined.getString("token"), true));
      }
      for (EventStreamClient stream : streams) {
        Event before = stream.next(10_000);
        assertThat(before.data().getString("status")).isEqualTo("WAITING");
        assertThat(before.data().getValue("position")).isNull();
        assertThat(before.data().getLong("concertId")).isEqualTo(concertId);
      }
      // After the opening: one admitted at once (cap 1), the others at their drawn places; the last
      // one moves up to 1 as the active ones' 3 s run out, then is admitted.
      List<Long> firstPlaces = new ArrayList<>();
      for (EventStreamClient stream : streams) {
        Event placed = stream.until(e -> e.data().getValue("position") != null, 15_000);
        firstPlaces.add(placed.data().getLong("position"));
      }
      // (Read before or after the first admission: 0, 1, 2 or 1, 2, 3.)
      assertThat(firstPlaces).allMatch(p -> p >= 0 && p <= 3).doesNotHaveDuplicates();
      long lastPlace = java.util.Collections.max(firstPlaces);
      assertThat(lastPlace).isGreaterThanOrEqualTo(2);
      EventStreamClient last = streams.get(firstPlaces.indexOf(lastPlace));
      last.until(e -> Long.valueOf(1).equals(e.data().getLong("position")), 10_000);
      last.until(e -> e.data().getString("status").equals("ACTIVE"), 10_000);
    } finally {
      streams.forEach(EventStreamClient::close);
    }
  }

  @Test
  void aForgedTokenIsRefusedAndAnEndedTokenGetsOneEventAndTheEnd() {
    TestApp app = apps.start(Map.of("CONCERT_QUEUE_ACTIVE_SECONDS", "1"));
    try (EventStreamClient forged = EventStreamClient.open(app.vertx(), app.port(), PATH, "forged", true)) {
      assertThat(forged.status()).isEqualTo(401);
    }
    TestApp.ActiveUser user = app.join();
    TestApp.awaitCondition(() -> app.status(user).equals("EXPIRED"), "the token to end");
    try (EventStreamClient stream = EventStreamClient.open(app.vertx(), app.port(), PATH, user.token(), true)) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.next(10_000).data().getString("status")).isEqualTo("EXPIRED");
      TestApp.await(stream.ended());
    }
  }
}
