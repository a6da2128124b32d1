package dev.concert.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.config.AppConfig;
import dev.concert.support.EventStreamClient;
import dev.concert.support.TestApp;
import dev.concert.support.TestApp.ActiveUser;
import dev.concert.support.TestAppExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.io.InputStream;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The stream limits and the idle timeout against the real server and Redis, on one and two instances. */
class StreamLimitsIntegrationTest {
  private static final String QUEUE = "/api/v1/queue/tokens/current/events";

  @RegisterExtension
  final TestAppExtension apps = new TestAppExtension();

  private static String seats(long schedule) {
    return "/api/v1/schedules/" + schedule + "/seats/events";
  }

  @Test
  void pastTheTokensLimitItsOldestStreamEndsWhicheverInstanceHoldsIt() {
    TestApp first = apps.start(); // CONCERT_STREAMS_PER_TOKEN at its default, 2
    TestApp second = apps.resume(AppConfig.from(TestApp.environment(Map.of())));
    long schedule = first.newSchedule("Limited", 5, 1_000);
    ActiveUser user = first.activeUser();
    try (EventStreamClient oldest = EventStreamClient.open(first.vertx(), first.port(), seats(schedule), user.token(), true);
        EventStreamClient queue = EventStreamClient.open(second.vertx(), second.port(), QUEUE, user.token(), true)) {
      assertThat(oldest.next(10_000).name()).isEqualTo("snapshot");
      assertThat(queue.next(10_000).name()).isEqualTo("status");
      try (EventStreamClient newest = EventStreamClient.open(second.vertx(), second.port(), seats(schedule), user.token(), false)) {
        assertThat(newest.status()).isEqualTo(200);
        assertThat(newest.next(10_000).name()).isEqualTo("snapshot");
        // Ended on the first instance, by the count made on the second.
        TestApp.await(oldest.ended());
        assertThat(queue.ended().isComplete()).isFalse();
        assertThat(newest.ended().isComplete()).isFalse();
        Long open = TestApp.await(first.redis().send(Request.cmd(Command.ZCARD)
            .arg(StreamLimits.tokenKey(tokenIdOf(first, user))))).toLong();
        assertThat(open).isEqualTo(2);
      }
    }
  }

  /** An eviction whose notice never arrived (a broken subscription) is found at the stream's next heartbeat. */
  @Test
  void aStreamWhoseEntryIsGoneEndsAtItsNextHeartbeat() {
    TestApp app = apps.start(Map.of("CONCERT_STREAM_HEARTBEAT_SECONDS", "1"));
    ActiveUser user = app.activeUser();
    try (EventStreamClient stream = EventStreamClient.open(app.vertx(), app.port(), QUEUE, user.token(), true)) {
      assertThat(stream.next(10_000).name()).isEqualTo("status");
      TestApp.await(app.redis().send(Request.cmd(Command.DEL).arg(StreamLimits.tokenKey(tokenIdOf(app, user)))));
      TestApp.await(stream.ended().timeout(10, java.util.concurrent.TimeUnit.SECONDS));
    }
  }

  @Test
  void pastTheAddressLimitANewStreamGets429UntilOneCloses() {
    TestApp app = apps.start(Map.of("CONCERT_STREAMS_PER_ADDRESS", "2"));
    java.util.List<ActiveUser> users = app.activeUsers(3);
    EventStreamClient one = EventStreamClient.open(app.vertx(), app.port(), QUEUE, users.get(0).token(), true);
    try (EventStreamClient two = EventStreamClient.open(app.vertx(), app.port(), QUEUE, users.get(1).token(), true)) {
      assertThat(one.next(10_000).name()).isEqualTo("status");
      assertThat(two.next(10_000).name()).isEqualTo("status");

      HttpResponse<Buffer> refused = app.callAndWait(HttpMethod.GET, QUEUE + "?access_token=" + users.get(2).token(), null, null);
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.getHeader("Content-Type")).startsWith("application/problem+json");
      assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("RATE_LIMITED");
      assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isPositive();
      assertThat(two.ended().isComplete()).as("the open streams go on").isFalse();

      one.close();
      TestApp.awaitCondition(() -> app.callAndWait(HttpMethod.GET, "/api/v1/queue/tokens/current", users.get(2).token(), null)
          .statusCode() == 200 && opens(app, users.get(2)), "a stream to open once one closed");
    }
  }

  /** Opens a stream of {@code user} and closes it again: true if it was let in. */
  private static boolean opens(TestApp app, ActiveUser user) {
    try (EventStreamClient stream = EventStreamClient.open(app.vertx(), app.port(), QUEUE, user.token(), true)) {
      return stream.status() == 200;
    }
  }

  @Test
  void aStreamsCountsLapseOnTheirOwn() {
    TestApp limited = apps.start(Map.of("CONCERT_STREAM_HEARTBEAT_SECONDS", "5"));
    ActiveUser user = limited.activeUser();
    try (EventStreamClient stream = EventStreamClient.open(limited.vertx(), limited.port(), QUEUE, user.token(), true)) {
      assertThat(stream.next(10_000).name()).isEqualTo("status");
      long ttl = TestApp.await(limited.redis().send(Request.cmd(Command.PTTL)
          .arg(StreamLimits.tokenKey(tokenIdOf(limited, user))))).toLong();
      assertThat(ttl).as("an instance that dies leaves nothing for ever").isBetween(1L, 20_000L);
    }
  }

  @Test
  void zeroTurnsTheLimitsOff() {
    TestApp unlimited = apps.start(Map.of("CONCERT_STREAMS_PER_TOKEN", "0", "CONCERT_STREAMS_PER_ADDRESS", "0"));
    ActiveUser many = unlimited.activeUser();
    java.util.List<EventStreamClient> streams = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        streams.add(EventStreamClient.open(unlimited.vertx(), unlimited.port(), QUEUE, many.token(), true));
        assertThat(streams.get(i).next(10_000).name()).isEqualTo("status");
      }
      assertThat(streams).allSatisfy(s -> assertThat(s.ended().isComplete()).isFalse());
      assertThat(TestApp.await(unlimited.redis().send(Request.cmd(Command.KEYS).arg("streams:*"))).size()).isZero();
    } finally {
      streams.forEach(EventStreamClient::close);
    }
  }

  @Test
  void anIdleConnectionIsClosedWhileAStreamStaysOpenByItsHeartbeat() throws Exception {
    TestApp app = apps.start(Map.of("CONCERT_HTTP_IDLE_TIMEOUT_SECONDS", "2", "CONCERT_STREAM_HEARTBEAT_SECONDS", "1"));
    ActiveUser user = app.activeUser();
    try (EventStreamClient stream = EventStreamClient.open(app.vertx(), app.port(), QUEUE, user.token(), true);
        Socket idle = new Socket("127.0.0.1", app.port())) {
      idle.setSoTimeout(30_000);
      InputStream in = idle.getInputStream();
      assertThat(in.read()).as("the server closes a connection that says nothing").isEqualTo(-1);
      // Four heartbeats: twice the idle timeout has passed on the stream's connection.
      TestApp.awaitCondition(() -> stream.heartbeats() >= 4, "four heartbeats");
      assertThat(stream.ended().isComplete()).isFalse();
    }
  }

  /** The id of the user's live token, as Redis keeps it (the service-wide room). */
  private static String tokenIdOf(TestApp app, ActiveUser user) {
    String value = TestApp.await(app.redis().send(Request.cmd(Command.GET).arg("queue:{q}:user:" + user.userId()))).toString();
    return value.substring(0, value.indexOf(' '));
  }
}
