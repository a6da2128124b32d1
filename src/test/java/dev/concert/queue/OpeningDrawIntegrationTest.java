package dev.concert.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.infra.RedisClients;
import dev.concert.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
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

/**
 * The opening against real Redis: the pre-queue is in the seed's order from the joins on, the
 * opening moves it in chunks (shared by many openers, resumable), admission starts on its head
 * before the rest is moved and before anything is published, and the publication is that order.
 */
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

  /** {@code n} random token ids straight into the room's pre-queue, by their draw keys as a join puts them. */
  static List<String> fillPreQueue(TestApp app, Room room, int n) {
    List<String> ids = new ArrayList<>(n);
    for (int from = 0; from < n; from += 1000) {
      Request zadd = Request.cmd(Command.ZADD).arg(room.pre());
      for (int i = from; i < Math.min(n, from + 1000); i++) {
        String id = UUID.randomUUID().toString();
        ids.add(id);
        zadd.arg(OpeningOrder.drawKey(room.seed(), id)).arg(id);
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

  /** {@code n} users join {@code room}'s pre-queue at once through the real issue script; their token ids. */
  private List<String> join(RedisQueueStore store, Room room, int n) {
    // The same room, its opening an hour away as the script sees it: the tokens go to the pre-queue.
    Room beforeOpening = new Room(room.concertId(), Instant.now().plusSeconds(3600), room.admitPerSecond(),
        room.maxActive(), room.seed(), room.ownRoom());
    List<Future<RedisQueueStore.Issued>> joins = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      joins.add(store.issue(beforeOpening, UUID.randomUUID().toString(), UUID.randomUUID().toString(),
          Instant.now().getEpochSecond()));
    }
    List<String> ids = new ArrayList<>();
    for (RedisQueueStore.Issued issued : TestApp.await(Future.all(joins)).<RedisQueueStore.Issued>list()) {
      assertThat(issued.created()).isTrue();
      assertThat(issued.place().state()).isEqualTo(QueueState.WAITING);
      assertThat(issued.place().position()).as("no place shown before the opening").isEqualTo(-1L);
      ids.add(issued.tokenId());
    }
    return ids;
  }

  @Test
  void thePreQueueJoinedIsTheSeedsOrderWhichTheOpeningAppliesAdmitsFromAtOnceAndPublishes() {
    app = TestApp.start(NO_TICKS);
    Room room = openedRoom(app);
    RedisQueueStore store = new RedisQueueStore(app.redis());
    int n = RoomOpenings.CHUNK * 2 + 345;
    List<String> ids = join(store, room, n);
    List<String> order = OpeningOrder.order(room.seed(), ids);
    // Prepared at the joins: the pre-queue is already in the order the seed gives.
    assertThat(strings(Request.cmd(Command.ZRANGE).arg(room.pre()).arg(0).arg(-1))).isEqualTo(order);

    // The first step of the opening fixes the pre-queue and moves its head to the line at once.
    RoomOpenings openings = new RoomOpenings(app.redis());
    RoomOpenings.Step first = TestApp.await(openings.step(room));
    assertThat(first.outcome()).isEqualTo(RoomOpenings.DRAWING);
    assertThat(first.drawn()).isEqualTo(RoomOpenings.CHUNK);
    assertThat(redis(Request.cmd(Command.HGET).arg(room.meta()).arg("opened"))).as("not open half-way").isNull();
    assertThat(strings(Request.cmd(Command.ZRANGE).arg(room.waiting()).arg(0).arg(-1)))
        .isEqualTo(order.subList(0, RoomOpenings.CHUNK));
    // Drawn ids have their final places; one who joins now queues behind the whole pre-queue.
    assertThat(TestApp.await(store.place(room, order.get(7), "someone")).position()).isEqualTo(8L);
    String late = TestApp.await(store.issue(room, UUID.randomUUID().toString(), UUID.randomUUID().toString(),
        Instant.now().getEpochSecond())).tokenId();
    assertThat(TestApp.await(store.place(room, late, "someone")).position()).isEqualTo(n + 1L);
    // Admission starts on the head, in its order, never takes the later joiner, and nothing is
    // published yet: the rest of the order is still in the pre-queue.
    RoomAdmissions admissions = new RoomAdmissions(app.redis(), QueueVerticle.timing(app.config()));
    TestApp.awaitCondition(() -> {
      TestApp.await(admissions.admit(room));
      return redis(Request.cmd(Command.ZCARD).arg(room.active())).toLong() > 0;
    }, "an admission during the draw");
    List<String> admitted = strings(Request.cmd(Command.ZRANGE).arg(room.active()).arg(0).arg(-1));
    assertThat(order.subList(0, RoomOpenings.CHUNK)).containsAll(admitted);
    assertThat(admitted).doesNotContain(late);
    assertThat(app.count("SELECT count(*) FROM concert_openings WHERE concert_id = $1", room.concertId())).isZero();
    assertThat(app.count("SELECT count(*) FROM concert_opening_pages WHERE concert_id = $1", room.concertId())).isZero();

    // Then its instance stops (a crash between chunks): other instances' timers go on, several at once.
    openAtOnce(room, 4);

    List<String> line = new ArrayList<>(order);
    line.removeAll(admitted);
    line.add(late);
    assertThat(strings(Request.cmd(Command.ZRANGE).arg(room.waiting()).arg(0).arg(-1))).isEqualTo(line);
    assertThat(strings(Request.cmd(Command.LRANGE).arg(room.opening()).arg(0).arg(-1))).isEqualTo(order);
    assertThat(redis(Request.cmd(Command.EXISTS).arg(room.pre())).toInteger()).isZero();
    assertThat(redis(Request.cmd(Command.HGET).arg(room.meta()).arg("preQueue")).toLong()).isEqualTo(n);
    String lastDrawn = order.get(n - 1);
    assertThat(TestApp.await(store.place(room, lastDrawn, "someone")).position()).isEqualTo(line.indexOf(lastDrawn) + 1L);
    assertThat(TestApp.await(openings.step(room)).outcome()).isEqualTo(RoomOpenings.OPENED_BEFORE);

    // The publication, written after the admission started, is the order prepared at the joins.
    OpeningPublication publication = new OpeningPublication(new RoomCatalog(app.pool(), app.config()),
        new RoomOpener(app.vertx(), openings, app.pool(), Clock.systemUTC()), app.pool(), Clock.systemUTC());
    TestApp.awaitCondition(() -> TestApp.await(publication.of(room.concertId(), 1)).getBoolean("immutable"),
        "the publication");
    List<String> published = new ArrayList<>();
    int pages = (n + OpeningPages.PAGE_SIZE - 1) / OpeningPages.PAGE_SIZE;
    for (int page = 1; page <= pages; page++) {
      JsonObject document = new JsonObject(TestApp.await(publication.of(room.concertId(), page)).getBuffer("body"));
      assertThat(document.getString("orderFunction")).isEqualTo(OpeningPages.ORDER_FUNCTION);
      document.getJsonArray("order").forEach(id -> published.add(id.toString()));
    }
    assertThat(published).isEqualTo(order);
  }

  @Test
  void aTokenThatLeavesThePreQueueDuringTheDrawIsLeftOutOfTheRestOfTheOrder() {
    app = TestApp.start(NO_TICKS);
    Room room = openedRoom(app);
    List<String> order = OpeningOrder.order(room.seed(), fillPreQueue(app, room, RoomOpenings.CHUNK * 2 + 10));
    RoomOpenings openings = new RoomOpenings(app.redis());
    TestApp.await(openings.step(room));
    // A pre-queued token not drawn yet leaves (queue_end.lua takes it out of the pre-queue).
    String gone = order.get(RoomOpenings.CHUNK + 3);
    redis(Request.cmd(Command.ZREM).arg(room.pre()).arg(gone));

    openAtOnce(room, 2);

    List<String> expected = new ArrayList<>(order);
    expected.remove(gone);
    assertThat(OpeningOrder.order(room.seed(), expected)).isEqualTo(expected);
    assertThat(strings(Request.cmd(Command.ZRANGE).arg(room.waiting()).arg(0).arg(-1))).isEqualTo(expected);
    assertThat(strings(Request.cmd(Command.LRANGE).arg(room.opening()).arg(0).arg(-1))).isEqualTo(expected);
    assertThat(redis(Request.cmd(Command.HGET).arg(room.meta()).arg("preQueue")).toLong()).isEqualTo(expected.size());
  }

  @Test
  void hundredsOfConcurrentStepsMoveEveryIdOnceInOrder() {
    app = TestApp.start(NO_TICKS);
    Room room = openedRoom(app);
    int n = RoomOpenings.CHUNK * 20 + 7;
    List<String> order = OpeningOrder.order(room.seed(), fillPreQueue(app, room, n));
    List<Redis> connections = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Redis client = RedisClients.create(app.vertx(), app.config());
      clients.add(client);
      connections.add(client);
    }
    List<Future<RoomOpenings.Step>> steps = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      steps.add(new RoomOpenings(connections.get(i % connections.size())).step(room));
    }
    List<RoomOpenings.Step> done = TestApp.await(Future.all(steps)).list();

    assertThat(done.stream().filter(s -> s.outcome() == RoomOpenings.OPENED_NOW)).as("opened by exactly one step").hasSize(1);
    assertThat(done.stream().filter(s -> s.outcome() == RoomOpenings.DRAWING)).hasSize(20);
    assertThat(strings(Request.cmd(Command.ZRANGE).arg(room.waiting()).arg(0).arg(-1))).isEqualTo(order);
    assertThat(strings(Request.cmd(Command.LRANGE).arg(room.opening()).arg(0).arg(-1))).isEqualTo(order);
    // Scores rank - size: ahead of every later joiner.
    assertThat(redis(Request.cmd(Command.ZSCORE).arg(room.waiting()).arg(order.get(0))).toDouble()).isEqualTo(-n);
    assertThat(redis(Request.cmd(Command.ZSCORE).arg(room.waiting()).arg(order.get(n - 1))).toDouble()).isEqualTo(-1);
  }

  @Test
  void theOpeningWaitsForItsInstantOnRedisClock() {
    app = TestApp.start(NO_TICKS);
    long concertId = SalesOpeningIntegrationTest.createConcert(app, Instant.now().plusSeconds(3600), null, null)
        .getLong("concertId");
    Room room = TestApp.await(new RoomCatalog(app.pool(), app.config()).room(concertId));
    fillPreQueue(app, room, 10);
    assertThat(TestApp.await(new RoomOpenings(app.redis()).step(room)).outcome()).isEqualTo(RoomOpenings.TOO_EARLY);
    assertThat(redis(Request.cmd(Command.ZCARD).arg(room.pre())).toLong()).isEqualTo(10);
    assertThat(redis(Request.cmd(Command.EXISTS).arg(room.waiting())).toInteger()).isZero();
  }
}
