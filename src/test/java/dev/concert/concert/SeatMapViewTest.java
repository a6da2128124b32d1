package dev.concert.concert;

import dev.concert.seats.SeatStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SeatMapViewTest {
  @Test
  void rendersEverySeatInOrderAsValidJson() {
    Schedule schedule = new Schedule(9, 1, Instant.parse("2030-01-01T19:00:00Z"), 3, 15_000);
    SeatStatus[] states = {SeatStatus.AVAILABLE, SeatStatus.HELD, SeatStatus.SOLD};
    JsonObject rendered = new JsonObject(SeatMapView.render(schedule, states));
    assertThat(rendered).isEqualTo(new JsonObject()
        .put("scheduleId", 9)
        .put("items", new JsonArray()
            .add(new JsonObject().put("seatNumber", 1).put("price", 15_000).put("status", "AVAILABLE"))
            .add(new JsonObject().put("seatNumber", 2).put("price", 15_000).put("status", "HELD"))
            .add(new JsonObject().put("seatNumber", 3).put("price", 15_000).put("status", "SOLD"))));
  }
}
