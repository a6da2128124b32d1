package dev.concert.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.TestApp;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Abandonment, clean-up and the timer's list of rooms, against real Redis (the opening step: OpeningDrawIntegrationTest). */
class RoomCleanupIntegrationTest {
  private static final Map<String, String> NO_TICKS = Map.of(
      "CONCERT_QUEUE_ADMIT_INTERVAL_MS", "60000",
      "CONCERT_QUEUE_ADMIT_PER_SECOND", "1000",
      "CONCERT_QUEUE_MAX_ACTIVE", "1000",
      "CONCERT_QUEUE_ABANDON_SECONDS", "1");

  private TestApp app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private Response redis(Request request) {
    return TestApp.await(app.redis().send(request));
  }

  @Test
  void abandonedWaitingTokensLeaveAndTakeTheirKeysAlong() {
    app = TestApp.start(NO_TICKS);
    RoomAdmissions admissions = new RoomAdmissions(app.redis(), new RedisQueueStore.Timing(1000, 600_000));
    Room room = Room.serviceWide(1000, 1000);
    List<UUID> gone = new ArrayList<>();
    List<String> goneTokens = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      UUID user = UUID.randomUUID();
      gone.add(user);
      goneTokens.add(app.issueToken(user).getString("token"));
    }
    String mine = app.issueToken(UUID.randomUUID()).getString("token");
    assertThat(app.currentToken(mine).getLong("position")).isEqualTo(6L);
    // Only "mine" keeps polling past the abandonment time.
    long until = System.currentTimeMillis() + 1500;
    while (System.currentTimeMillis() < until) {
      assertThat(app.currentToken(mine).getString("status")).isEqualTo("WAITING");
    }
    // The bucket starts empty: the first tick only clears the abandoned, a later one admits.
    RoomAdmissions.Admission tick = TestApp.await(admissions.admit(room));
    assertThat(tick.abandoned()).isEqualTo(5);
    assertThat(tick.waiting()).isEqualTo(1 - tick.admitted());
    TestApp.awaitCondition(() -> TestApp.await(admissions.admit(room)).active() == 1, "admission");
    assertThat(app.currentToken(mine).getString("status")).isEqualTo("ACTIVE");
    for (String token : goneTokens) {
      assertThat(app.currentToken(token).getString("status")).isEqualTo("EXPIRED");
    }
    // Nothing of the abandoned tokens stays: no user key, no owner entry, no poll record.
    for (UUID user : gone) {
      assertThat(redis(Request.cmd(Command.EXISTS).arg(room.user(user.toString()))).toInteger()).isZero();
    }
    assertThat(redis(Request.cmd(Command.HLEN).arg(room.owner())).toInteger()).isEqualTo(1);
    assertThat(redis(Request.cmd(Command.ZCARD).arg(room.seen())).toInteger()).isZero();
    // A user who comes back gets a new place at the end.
    JsonObject back = app.issueToken(gone.get(0));
    assertThat(back.getString("token")).isNotEqualTo(goneTokens.get(0));
    assertThat(back.getLong("position")).isEqualTo(1L);
  }

  @Test
  void endedTokensLeaveNothingAndUserKeysExpireWithTheToken() {
    app = TestApp.start(Map.of("CONCERT_QUEUE_ADMIT_INTERVAL_MS", "60000", "CONCERT_QUEUE_ACTIVE_SECONDS", "1"));
    RedisQueueStore.Timing timing = new RedisQueueStore.Timing(120_000, 1000);
    RedisQueueStore store = new RedisQueueStore(app.redis(), timing);
    RoomAdmissions admissions = new RoomAdmissions(app.redis(), timing);
    Room room = Room.serviceWide(100_000, 100_000);
    UUID paid = UUID.randomUUID();
    UUID timedOut = UUID.randomUUID();
    app.issueToken(paid);
    app.issueToken(timedOut);
    // A waiting token's user key expires on its own if the tick never comes (abandonment + grace).
    long ttl = redis(Request.cmd(Command.PTTL).arg(room.user(timedOut.toString()))).toLong();
    assertThat(ttl).isBetween(1L, 120_000L + RedisQueueStore.GRACE_MILLIS);
    TestApp.awaitCondition(() -> TestApp.await(admissions.admit(room)).active() == 2, "admission");
    // Admitted: the user key lives as long as the active time (plus grace), not forever.
    assertThat(redis(Request.cmd(Command.PTTL).arg(room.user(timedOut.toString()))).toLong())
        .isBetween(1L, 1000L + RedisQueueStore.GRACE_MILLIS);
    assertThat(TestApp.await(store.end(room, paid.toString()))).isTrue();
    assertThat(redis(Request.cmd(Command.EXISTS).arg(room.user(paid.toString()))).toInteger()).isZero();
    TestApp.awaitCondition(() -> TestApp.await(admissions.admit(room)).active() == 0, "the active token to time out");
    assertThat(redis(Request.cmd(Command.EXISTS).arg(room.user(timedOut.toString()))).toInteger()).isZero();
    assertThat(redis(Request.cmd(Command.HLEN).arg(room.owner())).toInteger()).isZero();
  }

  @Test
  void theTimerVisitsRoomsWithTokensOnlyAndDropsThemWhenEmpty() {
    app = TestApp.start(Map.of("CONCERT_QUEUE_ADMIT_INTERVAL_MS", "100", "CONCERT_QUEUE_ACTIVE_SECONDS", "1"));
    DueRooms dueRooms = new DueRooms(app.redis());
    // Ten concerts, none with tokens: nothing to visit.
    List<Long> concerts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      concerts.add(SalesOpeningIntegrationTest.createConcert(app, null, null, null).getLong("concertId"));
    }
    long later = SalesOpeningIntegrationTest.createConcert(app, Instant.now().plusSeconds(3600), null, null)
        .getLong("concertId");
    assertThat(TestApp.await(AdmissionVerticle.dueRooms(dueRooms))).isEmpty();
    UUID user = UUID.randomUUID();
    String token = app.callAndWait(HttpMethod.POST, "/api/v1/queue/tokens", null,
        new JsonObject().put("userId", user.toString()).put("concertId", concerts.get(3))).bodyAsJsonObject().getString("token");
    app.callAndWait(HttpMethod.POST, "/api/v1/queue/tokens", null,
        new JsonObject().put("userId", user.toString()).put("concertId", later));
    // The pre-queue room is listed but not due before its opening; the other is visited until empty.
    assertThat(TestApp.await(app.redis().send(Request.cmd(Command.ZCARD).arg(DueRooms.DUE_KEY))).toInteger()).isEqualTo(2);
    TestApp.awaitCondition(() -> "EXPIRED".equals(app.currentToken(token).getString("status")), "the token to time out");
    TestApp.awaitCondition(() -> TestApp.await(AdmissionVerticle.dueRooms(dueRooms)).isEmpty(), "the empty room to leave the list");
    assertThat(TestApp.await(app.redis().send(Request.cmd(Command.ZRANGE).arg(DueRooms.DUE_KEY).arg(0).arg(-1)))
        .get(0).toString()).isEqualTo(Long.toString(later));
  }
}
