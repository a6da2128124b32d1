package dev.concert.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.OnRedisCluster;
import dev.concert.support.TestApp.ActiveUser;
import dev.concert.support.TestApp;
import dev.concert.support.Wait;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** On the 3-master Redis Cluster: schedules' seats spread over every master, each key on its slot's owner. */
@ExtendWith(OnRedisCluster.class)
class RedisClusterIntegrationTest {
  private TestApp app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  /** One master: its address and the slot ranges it serves. */
  private record Master(String host, int port, List<int[]> ranges) {
    boolean owns(int slot) {
      return ranges.stream().anyMatch(r -> slot >= r[0] && slot <= r[1]);
    }
  }

  @Test
  void schedulesSpreadOverEveryMasterAndEachKeyLivesWhereItsSlotSays() {
    app = TestApp.start();
    JsonObject concert = app.createConcert("Spread", 10, 1_000, Duration.ofDays(30), 6);
    ActiveUser user = app.activeUser();
    for (Object s : concert.getJsonArray("schedules")) {
      long schedule = ((JsonObject) s).getLong("scheduleId");
      HttpResponse<Buffer> held = app.callAndWait(HttpMethod.POST, "/api/v1/reservations", user.token(),
          new JsonObject().put("scheduleId", schedule).put("seatNumbers", new JsonArray().add(1)));
      assertThat(held.statusCode()).as(held.bodyAsString()).isEqualTo(201);
    }

    List<Master> masters = masters(TestApp.await(app.redis().send(Request.cmd(Command.CLUSTER).arg("SLOTS"))));
    assertThat(masters).hasSize(3);
    for (Master master : masters) {
      Redis node = Redis.createClient(app.vertx(), "redis://" + master.host() + ":" + master.port());
      try {
        Response scan = TestApp.await(node.send(Request.cmd(Command.SCAN).arg(0).arg("MATCH").arg("seats:*").arg("COUNT").arg(10_000)));
        List<String> keys = new ArrayList<>();
        scan.get(1).forEach(key -> keys.add(key.toString()));
        assertThat(keys).as("seat keys on master %s:%d", master.host(), master.port()).isNotEmpty();
        keys.forEach(key -> assertThat(master.owns(KeySlot.of(key))).as(key).isTrue());
      } finally {
        TestApp.await(node.close());
      }
    }
  }

  @Test
  void aMasterThatLosesItsDataAloneIsNoticedAndItsSchedulesRebuilt() {
    app = TestApp.start();
    dev.concert.support.Shop shop = new dev.concert.support.Shop(app);
    JsonObject concert = app.createConcert("One master", 10, 1_000, Duration.ofDays(30), 6);
    List<Long> schedules = new ArrayList<>();
    concert.getJsonArray("schedules").forEach(s -> schedules.add(((JsonObject) s).getLong("scheduleId")));
    schedules.forEach(schedule -> shop.buy(schedule, List.of(1), 1_000));
    ActiveUser viewer = app.activeUser();

    // A master with some of the schedules, but not the queue (the viewer's token stays).
    Master victim = masters(TestApp.await(app.redis().send(Request.cmd(Command.CLUSTER).arg("SLOTS")))).stream()
        .filter(m -> !m.owns(KeySlot.of("{q}")))
        .filter(m -> schedules.stream().anyMatch(s -> m.owns(KeySlot.of(dev.concert.seats.SeatKeys.seats(s)))))
        .findFirst().orElseThrow();
    List<Long> lost = schedules.stream().filter(s -> victim.owns(KeySlot.of(dev.concert.seats.SeatKeys.seats(s)))).toList();
    Redis node = Redis.createClient(app.vertx(), "redis://" + victim.host() + ":" + victim.port());
    try {
      TestApp.await(node.send(Request.cmd(Command.FLUSHALL)));
    } finally {
      TestApp.await(node.close());
    }
    long flushedAt = System.nanoTime();
    Wait.within(Duration.ofSeconds(5), flushedAt,
        () -> lost.stream().allMatch(schedule -> "SOLD".equals(shop.seatStatus(viewer, schedule, 1))),
        "the seats of the flushed master's schedules to come back");
  }

  private static List<Master> masters(Response slots) {
    List<Master> masters = new ArrayList<>();
    for (Response range : slots) {
      Response owner = range.get(2);
      String host = owner.get(0).toString();
      int port = owner.get(1).toInteger();
      Master master = masters.stream().filter(m -> m.host().equals(host) && m.port() == port).findFirst().orElseGet(() -> {
        Master m = new Master(host, port, new ArrayList<>());
        masters.add(m);
        return m;
      });
      master.ranges().add(new int[] {range.get(0).toInteger(), range.get(1).toInteger()});
    }
    return masters;
  }
}
