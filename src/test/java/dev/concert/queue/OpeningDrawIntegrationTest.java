package dev.concert.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.infra.RedisClients;
import dev.concert.support.TestApp;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The opening's draw in chunks, against real Redis: exact, shared by many openers, resumable. */
class OpeningDrawIntegrationTest {
  private static final Map<String, String> NO_TICKS = Map.of(
      "CONCERT_QUEUE_ADMIT_INTERVAL_MS", "60000",
      "CONCERT_QUEUE_ADMIT_PER_SECOND", "1000",
      "CONCERT_QUEUE_MAX_ACTIVE", "1000");

  private TestApp app;
  private final List<Redis> clients = new ArrayList<>();

  @AfterEach
  void stop() {
    clients.forEach(Redis::close);
    if (app != null) {
      app.close();
    }
  }

  /** {@code n} random token ids straight into the room's pre-queue (its set is all the draw reads). */
  static List<String> fillPreQueue(TestApp app, Room room, int n) {
    List<String> ids = new ArrayList<>(n);
    for (int from = 0; from < n; from += 1000) {
      Request zadd = Request.cmd(Command.ZADD).arg(room.pre());
      for (int i = from; i < Math.min(n, from + 1000); i++) {
        String id = UUID.randomUUID().toString();
        ids.add(id);
        zadd.arg(i + 1).arg(id);
      }
      TestApp.await(app.redis().send(zadd));
    }
    return ids;
  }

  /** A concert whose sale opened a moment ago, its room as the service reads it. */
  static Room openedRoom(TestApp app) {
    Instant opensAt = Instant.now().plusMillis(500);
    long concertId = SalesOpeningIntegrationTest.createConcert(app, opensAt, null, null).getLong("concertId");
    TestApp.awaitCondition(() -> Instant.now().isAfter(opensAt.plusMillis(50)), "the opening instant");
    return TestApp.await(new RoomCatalog(app.pool(), app.config()).room(concertId));
  }

  /** A room whose sale has just opened, {@code n} ids in its pre-queue, and their order by its seed. */
  private record PreQueue(Room room, List<String> ids, List<String> order) {}

  private PreQueue startWithPreQueue(int n) {
    app = TestApp.start(NO_TICKS);
    Room room = openedRoom(app);
    List<String> ids = fillPreQueue(app, room, n);
    return new PreQueue(room, ids, OpeningOrder.order(room.seed(), ids));
  }

  private Response redis(Request request) {
    return TestApp.await(app.redis().send(request));
  }

  private List<String> strings(Request request) {
    List<String> out = new ArrayList<>();
    redis(request).forEach(r -> out.add(r.toString()));
    return out;
  }

  /** Openers of {@code count} instances at once, each with its own connection; returns once the room is open. */
  private void openAtOnce(Room room, int count) {
    TestApp.await(Future.all(openers(room, count)));
    // An opener's answer comes once the head of the order is in; the rest follows.
    TestApp.awaitCondition(() -> "1".equals(String.valueOf(redis(Request.cmd(Command.HGET).arg(room.meta()).arg("opened")))),
        "the whole order applied");
  }

  private List<Future<Void>> openers(Room room, int count) {
    List<Future<Void>> opens = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Redis client = RedisClients.create(app.vertx(), app.config());
      clients.add(client);
      opens.add(new RoomOpener(app.vertx(), new RoomOpenings(client), app.pool(), Clock.systemUTC()).open(room));
    }
    return opens;
  }

  @Test
  void aPreQueueOfSeveralChunksIsDrawnInTheSeedsOrderAndResumedAfterAnInterruption() {
    int n = RoomOpenings.CHUNK * 2 + 345;
    PreQueue pre = startWithPreQueue(n);
    Room room = pre.room();
    List<String> ids = pre.ids();
    List<String> order = pre.order();
    RoomOpenings openings = new RoomOpenings(app.redis());
    RedisQueueStore store = new RedisQueueStore(app.redis());

    RoomOpenings.Step begun = TestApp.await(openings.begin(room));
    assertThat(begun.outcome()).isEqualTo(RoomOpenings.DRAWING);
    assertThat(begun.applied()).isZero();
    assertThat(TestApp.await(openings.drawnSet(room))).containsExactlyInAnyOrderElementsOf(ids);
    // An order with an id that is not in the pre-queue is refused, and changes nothing.
    List<String> foreign = new ArrayList<>(order);
    foreign.set(5, UUID.randomUUID().toString());
    assertThat(TestApp.await(openings.applyChunk(room, foreign, 0)).outcome()).isEqualTo(RoomOpenings.ORDER_DIFFERS);
    assertThat(redis(Request.cmd(Command.ZCARD).arg(room.waiting())).toLong()).isZero();

    // One chunk applied, then its instance stops (a crash between chunks).
    RoomOpenings.Step first = TestApp.await(openings.applyChunk(room, order, 0));
    assertThat(first.outcome()).isEqualTo(RoomOpenings.DRAWING);
    assertThat(first.applied()).isEqualTo(RoomOpenings.CHUNK);
    assertThat(redis(Request.cmd(Command.HGET).arg(room.meta()).arg("opened"))).as("not open half-way").isNull();
    // Applying that chunk again changes nothing.
    assertThat(TestApp.await(openings.applyChunk(room, order, 0)).applied()).isEqualTo(RoomOpenings.CHUNK);
    // The set to draw is still whole (applied ids are read back from the opening list).
    assertThat(TestApp.await(openings.drawnSet(room))).containsExactlyInAnyOrderElementsOf(ids);
    // Drawn ids have their final places; one who joins now queues behind the whole pre-queue.
    assertThat(TestApp.await(store.place(room, order.get(7), "someone")).position()).isEqualTo(8L);
    String late = TestApp.await(store.issue(room, UUID.randomUUID().toString(), UUID.randomUUID().toString(),
        Instant.now().getEpochSecond())).tokenId();
    assertThat(TestApp.await(store.place(room, late, "someone")).position()).isEqualTo(n + 1L);
    // Admission may start on the drawn head, in its order, and never takes the later joiner.
    RoomAdmissions admissions = new RoomAdmissions(app.redis(), QueueVerticle.timing(app.config()));
    TestApp.awaitCondition(() -> {
      TestApp.await(admissions.admit(room));
      return redis(Request.cmd(Command.ZCARD).arg(room.active())).toLong() > 0;
    }, "an admission during the draw");
    List<String> admitted = strings(Request.cmd(Command.ZRANGE).arg(room.active()).arg(0).arg(-1));
    assertThat(order.subList(0, RoomOpenings.CHUNK)).containsAll(admitted);
    assertThat(admitted).doesNotContain(late);

    // Other instances' timers resume it, several at once, each with its own connection.
    openAtOnce(room, 4);

    List<String> line = new ArrayList<>(order);
    line.removeAll(admitted);
    line.add(late);
    assertThat(strings(Request.cmd(Command.ZRANGE).arg(room.waiting()).arg(0).arg(-1))).isEqualTo(line);
    assertThat(strings(Request.cmd(Command.LRANGE).arg(room.opening()).arg(0).arg(-1))).isEqualTo(order);
    assertThat(redis(Request.cmd(Command.EXISTS).arg(room.pre())).toInteger()).isZero();
    assertThat(redis(Request.cmd(Command.HGET).arg(room.meta()).arg("opened")).toString()).isEqualTo("1");
    assertThat(redis(Request.cmd(Command.HGET).arg(room.meta()).arg("preQueue")).toLong()).isEqualTo(n);
    String lastDrawn = order.get(n - 1);
    assertThat(TestApp.await(store.place(room, lastDrawn, "someone")).position()).isEqualTo(line.indexOf(lastDrawn) + 1L);
    assertThat(TestApp.await(openings.begin(room)).outcome()).isEqualTo(RoomOpenings.OPENED_BEFORE);
  }

  @Test
  void aTokenThatLeavesThePreQueueDuringTheDrawIsLeftOutOfTheRestOfTheOrder() {
    PreQueue pre = startWithPreQueue(RoomOpenings.CHUNK * 2 + 10);
    Room room = pre.room();
    List<String> ids = pre.ids();
    List<String> order = pre.order();
    RoomOpenings openings = new RoomOpenings(app.redis());
    TestApp.await(openings.begin(room));
    TestApp.await(openings.applyChunk(room, order, 0));
    // A pre-queued token not drawn yet leaves (queue_end.lua takes it out of the pre-queue).
    String gone = order.get(RoomOpenings.CHUNK + 3);
    redis(Request.cmd(Command.ZREM).arg(room.pre()).arg(gone));
    assertThat(TestApp.await(openings.applyChunk(room, order, RoomOpenings.CHUNK)).outcome())
        .as("an order that still has it").isEqualTo(RoomOpenings.ORDER_DIFFERS);

    openAtOnce(room, 2);

    List<String> expected = new ArrayList<>(order);
    expected.remove(gone);
    assertThat(OpeningOrder.order(room.seed(), expected)).isEqualTo(expected);
    assertThat(strings(Request.cmd(Command.ZRANGE).arg(room.waiting()).arg(0).arg(-1))).isEqualTo(expected);
    assertThat(strings(Request.cmd(Command.LRANGE).arg(room.opening()).arg(0).arg(-1))).isEqualTo(expected);
  }
}
