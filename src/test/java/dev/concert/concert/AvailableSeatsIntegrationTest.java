package dev.concert.concert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.seats.SeatKeys;
import dev.concert.support.TestApp;
import dev.concert.support.TestAppExtension;
import dev.concert.support.TestApp.ActiveUser;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** availableSeats counts a hold that lapsed without a release as free, as the hold script does. */
class AvailableSeatsIntegrationTest {
  @RegisterExtension
  final TestAppExtension apps = new TestAppExtension();
  private TestApp app;


  @Test
  void lapsedHoldsDoNotMakeADateLookFull() {
    app = apps.start();
    JsonObject concert = app.createConcert("Lapsed", 3, 1000, Duration.ofDays(5), 1);
    long schedule = concert.getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
    // Every seat held by holds that lapsed long ago and were never released (a lost release).
    long lapsedAt = System.currentTimeMillis() - SeatKeys.LAPSE_GRACE_MILLIS - 60_000;
    for (int seat = 1; seat <= 3; seat++) {
      TestApp.await(app.redis().send(Request.cmd(Command.HSET).arg(SeatKeys.seats(schedule)).arg(seat)
          .arg("H:" + UUID.randomUUID() + ":" + lapsedAt)));
    }
    ActiveUser user = app.activeUser();
    JsonArray dates = app.callAndWait(HttpMethod.GET, "/api/v1/concerts/" + concert.getLong("concertId") + "/schedules",
        user.token(), null).bodyAsJsonObject().getJsonArray("items");
    assertThat(dates).hasSize(1);
    assertThat(dates.getJsonObject(0).getInteger("availableSeats")).isEqualTo(3);

    // A live hold and a sale still count.
    TestApp.await(app.redis().send(Request.cmd(Command.HSET).arg(SeatKeys.seats(schedule)).arg(1)
        .arg("H:" + UUID.randomUUID() + ":" + (System.currentTimeMillis() + 60_000))));
    TestApp.await(app.redis().send(Request.cmd(Command.HSET).arg(SeatKeys.seats(schedule)).arg(2)
        .arg("S:" + UUID.randomUUID())));
    dates = app.callAndWait(HttpMethod.GET, "/api/v1/concerts/" + concert.getLong("concertId") + "/schedules",
        user.token(), null).bodyAsJsonObject().getJsonArray("items");
    assertThat(dates.getJsonObject(0).getInteger("availableSeats")).isEqualTo(1);
  }
}
