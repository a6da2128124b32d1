package dev.concert.concert;

import dev.concert.seats.SeatKeys;
import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.shared.Address;
import dev.concert.shared.ApiException;
import dev.concert.shared.Bus;
import dev.concert.shared.ErrorCode;
import dev.concert.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Concert reads against real Postgres (facts) and Redis (seat states). */
class ConcertIntegrationTest {

  private static JsonObject seats(TestApp app, long scheduleId) {
    return new JsonObject(TestApp.await(Bus.of(app.vertx()).request(ConcertMessages.SEATS, new ConcertMessages.SeatMap(scheduleId, false))));
  }

  private static JsonObject schedules(TestApp app, long concertId) {
    return TestApp.await(Bus.of(app.vertx()).request(ConcertMessages.SCHEDULES, new ConcertMessages.Schedules(concertId)));
  }

  private static JsonObject concerts(TestApp app) {
    return TestApp.await(Bus.of(app.vertx()).request(ConcertMessages.LIST, ConcertMessages.AllConcerts.ALL));
  }

  @Test
  void seatMapAndAvailabilityFollowRedisSeatStates() {
    try (TestApp app = TestApp.start()) {
      JsonObject concert = app.createConcert("Seats", 5, 1_000, Duration.ofDays(3), 2);
      long concertId = concert.getLong("concertId");
      long first = concert.getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
      long second = concert.getJsonArray("schedules").getJsonObject(1).getLong("scheduleId");

      JsonArray seats = seats(app, first).getJsonArray("items");
      assertThat(seats).hasSize(5);
      assertThat(seats.stream().map(s -> ((JsonObject) s).getString("status"))).containsOnly("AVAILABLE");
      assertThat(seats.getJsonObject(0).getLong("price")).isEqualTo(1_000);

      TestApp.await(app.redis().send(Request.cmd(Command.HSET).arg(SeatKeys.seats(first))
          .arg("2").arg("H:r1:" + (System.currentTimeMillis() + 60_000)).arg("3").arg("S:r2")));
      // The seat scripts publish what they change, and the instance's copy of the seats follows
      // those notices: a raw write must publish too, as they do.
      TestApp.await(app.redis().send(Request.cmd(Command.PUBLISH).arg(SeatKeys.seats(first) + ":changes").arg("2H 3S")));
      TestApp.awaitCondition(() -> seats(app, first)
          .getJsonArray("items").stream().map(s -> ((JsonObject) s).getString("status")).toList()
          .equals(java.util.List.of("AVAILABLE", "HELD", "SOLD", "AVAILABLE", "AVAILABLE")), "the seat map to follow");

      JsonArray schedules = schedules(app, concertId).getJsonArray("items");
      assertThat(schedules).hasSize(2);
      assertThat(schedules.getJsonObject(0).getInteger("availableSeats")).isEqualTo(3);
      assertThat(schedules.getJsonObject(1).getInteger("availableSeats")).isEqualTo(5);

      // A date with no free seat is no longer bookable.
      TestApp.await(app.redis().send(Request.cmd(Command.HSET).arg(SeatKeys.seats(second))
          .arg("1").arg("S:a").arg("2").arg("S:a").arg("3").arg("S:a").arg("4").arg("S:a").arg("5").arg("H:b:" + (System.currentTimeMillis() + 60_000))));
      JsonArray bookable = schedules(app, concertId).getJsonArray("items");
      assertThat(bookable).singleElement().satisfies(s -> assertThat(((JsonObject) s).getLong("scheduleId")).isEqualTo(first));
    }
  }

  @Test
  void pastDatesAreNotBookableAndUnknownIdsAreNotFound() {
    try (TestApp app = TestApp.start()) {
      JsonObject past = app.createConcert("Yesterday", 5, 1, Duration.ofDays(-2), 1);
      assertThat(schedules(app, past.getLong("concertId"))
          .getJsonArray("items")).isEmpty();
      assertNotFound(app, ConcertMessages.SCHEDULES, new ConcertMessages.Schedules(999_999));
      assertNotFound(app, ConcertMessages.SEATS, new ConcertMessages.SeatMap(999_999, false));
    }
  }

  private static <Q> void assertNotFound(TestApp app, Address<Q, ?> address, Q body) {
    Throwable failure = Bus.of(app.vertx()).request(address, body).toCompletionStage().toCompletableFuture()
        .handle((ok, error) -> error).join();
    assertThat(failure).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }

  @Test
  void demoDataIsCreatedOnceOnAnEmptyDatabase() {
    try (TestApp app = TestApp.start(Map.of("CONCERT_DEMO_DATA", "true"))) {
      JsonArray concerts = concerts(app).getJsonArray("items");
      assertThat(concerts).hasSize(2);
      JsonArray schedules = schedules(app, concerts.getJsonObject(0).getLong("concertId")).getJsonArray("items");
      assertThat(schedules).hasSize(3);
      assertThat(schedules.stream().map(s -> ((JsonObject) s).getInteger("totalSeats"))).containsOnly(50);
      // The stadium: 60,000 places, seated sections in four grades and the floors in their own.
      JsonArray stadium = schedules(app, concerts.getJsonObject(1).getLong("concertId")).getJsonArray("items");
      assertThat(stadium).singleElement().satisfies(date -> {
        assertThat(((JsonObject) date).getInteger("totalSeats")).isEqualTo(60_000);
        assertThat(((JsonObject) date).getInteger("availableSeats")).isEqualTo(60_000);
        assertThat(((JsonObject) date).getJsonArray("grades").stream().map(g -> ((JsonObject) g).getString("name")))
            .containsExactly("VIP", "R", "S", "A", "Floor");
      });
      // A second instance starting on the same database adds nothing.
      dev.concert.Application second = TestApp.await(dev.concert.Application.start(io.vertx.core.Vertx.vertx(),
          dev.concert.config.AppConfig.from(TestApp.environment(Map.of("CONCERT_DEMO_DATA", "true")))));
      TestApp.await(second.stop());
      assertThat(concerts(app).getJsonArray("items")).hasSize(2);
    }
  }
}
