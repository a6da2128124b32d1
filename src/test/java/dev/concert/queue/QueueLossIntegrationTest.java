package dev.concert.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis loses the queue (FLUSHDB): every token takes back its place by its signed issue number,
 * whatever order its user comes back in; the formerly active are re-admitted first, never more
 * than the cap; a token issued after the loss queues behind them; nobody gets a 5xx.
 */
class QueueLossIntegrationTest {

  private TestApp app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void afterAFlushEveryTokenTakesBackItsPlaceAndTheActiveComeBackFirstWithinTheCap() {
    app = TestApp.start(HandTicks.NO_TICKS);
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      tokens.add(app.issueToken(UUID.randomUUID()).getString("token"));
    }
    RedisQueueStore store = new RedisQueueStore(app.redis());
    HandTicks.admitUntilActiveCount(app, 3);
    assertThat(states(tokens)).containsExactly(
        "ACTIVE", "ACTIVE", "ACTIVE", "WAITING", "WAITING", "WAITING", "WAITING", "WAITING");

    TestApp.await(app.redis().send(Request.cmd(Command.FLUSHDB)));
    // A newcomer after the loss queues behind everyone who was there before it.
    String newcomer = app.issueToken(UUID.randomUUID()).getString("token");

    // The users come back last first, all at once; every answer is a 200 and nobody is EXPIRED.
    List<String> comeBack = new ArrayList<>(tokens);
    Collections.reverse(comeBack);
    List<Future<HttpResponse<Buffer>>> polls = new ArrayList<>();
    comeBack.forEach(t -> polls.add(app.call(HttpMethod.GET, "/api/v1/queue/tokens/current", t, null)));
    TestApp.await(Future.join(polls));
    polls.forEach(p -> {
      assertThat(p.result().statusCode()).as(p.result().bodyAsString()).isEqualTo(200);
      assertThat(p.result().bodyAsJsonObject().getString("status")).isEqualTo("WAITING");
    });
    // In their original order: the formerly active first, then the waiting, then the newcomer.
    for (int i = 0; i < tokens.size(); i++) {
      assertThat(app.currentToken(tokens.get(i)).getLong("position")).as("token %d", i).isEqualTo(i + 1L);
    }
    assertThat(app.currentToken(newcomer).getLong("position")).isEqualTo(9L);

    // The next ticks re-admit the formerly active, and nobody past the cap.
    HandTicks.admitUntilActiveCount(app, 3);
    RoomAdmissions admissions = new RoomAdmissions(app.redis(), HandTicks.TIMING);
    for (int i = 0; i < 5; i++) {
      TestApp.await(admissions.admit(HandTicks.ALL));
    }
    assertThat(TestApp.await(store.activeCount(HandTicks.ALL))).isEqualTo(3L);
    assertThat(states(tokens)).containsExactly(
        "ACTIVE", "ACTIVE", "ACTIVE", "WAITING", "WAITING", "WAITING", "WAITING", "WAITING");
    assertThat(app.currentToken(tokens.get(3)).getLong("position")).isEqualTo(1L);
    // A restored token is whole again: a payment's end of the token finds it, and it stays ended.
    JsonObject ended = app.currentToken(tokens.get(0));
    assertThat(TestApp.await(store.end(HandTicks.ALL, ended.getString("userId")))).isTrue();
    assertThat(app.currentToken(tokens.get(0)).getString("status")).isEqualTo("EXPIRED");
  }

  @Test
  void aTokenIssuedAfterTheLossThatEndsStaysEnded() {
    app = TestApp.start(HandTicks.NO_TICKS);
    RedisQueueStore store = new RedisQueueStore(app.redis());
    app.issueToken(UUID.randomUUID());
    TestApp.await(app.redis().send(Request.cmd(Command.FLUSHDB)));
    JsonObject after = app.issueToken(UUID.randomUUID());
    HandTicks.admitUntilActiveCount(app, 1);
    assertThat(TestApp.await(store.end(HandTicks.ALL, after.getString("userId")))).isTrue();
    assertThat(app.currentToken(after.getString("token")).getString("status")).isEqualTo("EXPIRED");
  }

  @Test
  void aConcertRoomsPreQueueTakesBackItsDrawnPlacesAfterTheOpening() {
    app = TestApp.start(HandTicks.NO_TICKS);
    // Whole seconds: the opening's timer fires on the millisecond, never before a sub-millisecond instant.
    java.time.Instant opensAt = java.time.Instant.now().plusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    long concertId = SalesOpeningIntegrationTest.createConcert(app, opensAt, 1000, 2).getLong("concertId");
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      HttpResponse<Buffer> issued = app.callAndWait(HttpMethod.POST, "/api/v1/queue/tokens", null,
          new JsonObject().put("userId", UUID.randomUUID().toString()).put("concertId", concertId));
      assertThat(issued.statusCode()).as(issued.bodyAsString()).isEqualTo(201);
      tokens.add(issued.bodyAsJsonObject().getString("token"));
      // In the pre-queue: issued before the opening (with its timer), not after.
      assertThat(issued.bodyAsJsonObject().getValue("position")).isNull();
    }
    // The opening (on its timer) draws the order; ticks by hand admit the first two (the cap).
    RedisQueueStore store = new RedisQueueStore(app.redis());
    RoomAdmissions admissions = new RoomAdmissions(app.redis(), new RedisQueueStore.Timing(120_000, 600_000));
    Room room = new Room(concertId, opensAt, 1000, 2, null);
    TestApp.awaitCondition(() -> {
      TestApp.await(admissions.admit(room));
      return TestApp.await(store.activeCount(room)) == 2;
    }, "the opening and two admissions");
    List<JsonObject> before = tokens.stream().map(app::currentToken).toList();

    TestApp.await(app.redis().send(Request.cmd(Command.FLUSHDB)));
    List<Future<HttpResponse<Buffer>>> polls = new ArrayList<>();
    for (int i = tokens.size() - 1; i >= 0; i--) {
      polls.add(app.call(HttpMethod.GET, "/api/v1/queue/tokens/current", tokens.get(i), null));
    }
    TestApp.await(Future.join(polls));
    polls.forEach(p -> assertThat(p.result().statusCode()).as(p.result().bodyAsString()).isEqualTo(200));
    // Every token is back at its drawn place: the formerly active at the head, the others two behind where they were.
    for (int i = 0; i < tokens.size(); i++) {
      JsonObject now = app.currentToken(tokens.get(i));
      assertThat(now.getString("status")).isEqualTo("WAITING");
      if ("ACTIVE".equals(before.get(i).getString("status"))) {
        assertThat(now.getLong("position")).isBetween(1L, 2L);
      } else {
        assertThat(now.getLong("position")).isEqualTo(before.get(i).getLong("position") + 2);
      }
    }
    TestApp.awaitCondition(() -> {
      TestApp.await(admissions.admit(room));
      return TestApp.await(store.activeCount(room)) >= 2;
    }, "two re-admissions");
    for (int i = 0; i < 5; i++) {
      TestApp.await(admissions.admit(room));
    }
    assertThat(TestApp.await(store.activeCount(room))).isEqualTo(2L);
    for (int i = 0; i < tokens.size(); i++) {
      JsonObject now = app.currentToken(tokens.get(i));
      assertThat(now.getString("status")).isEqualTo(before.get(i).getString("status"));
      assertThat(now.getLong("position")).isEqualTo(before.get(i).getLong("position"));
    }
  }

  @Test
  void aPreQueueLostBeforeTheOpeningComesBackInTheSeedsOrder() {
    app = TestApp.start(HandTicks.NO_TICKS);
    long concertId = SalesOpeningIntegrationTest.createConcert(app, java.time.Instant.now().plusSeconds(3600), 1000, 2)
        .getLong("concertId");
    Room room = TestApp.await(new RoomCatalog(app.pool(), app.config()).room(concertId));
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      HttpResponse<Buffer> issued = app.callAndWait(HttpMethod.POST, "/api/v1/queue/tokens", null,
          new JsonObject().put("userId", UUID.randomUUID().toString()).put("concertId", concertId));
      assertThat(issued.statusCode()).as(issued.bodyAsString()).isEqualTo(201);
      tokens.add(issued.bodyAsJsonObject().getString("token"));
    }
    List<String> preQueue = preQueue(room);
    assertThat(preQueue).hasSize(tokens.size()).isEqualTo(OpeningOrder.order(room.seed(), preQueue));

    TestApp.await(app.redis().send(Request.cmd(Command.FLUSHDB)));
    List<String> reversed = new ArrayList<>(tokens);
    Collections.reverse(reversed);
    for (String token : reversed) {
      assertThat(app.currentToken(token).getString("status")).isEqualTo("WAITING");
    }
    // Back by their draw keys, whatever order their holders came back in: the order is the same.
    assertThat(preQueue(room)).isEqualTo(preQueue);
  }

  private List<String> preQueue(Room room) {
    List<String> ids = new ArrayList<>();
    TestApp.await(app.redis().send(Request.cmd(Command.ZRANGE).arg(room.pre()).arg(0).arg(-1)))
        .forEach(id -> ids.add(id.toString()));
    return ids;
  }

  private List<String> states(List<String> tokens) {
    return tokens.stream().map(t -> app.currentToken(t).getString("status")).toList();
  }
}
