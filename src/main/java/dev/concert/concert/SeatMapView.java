package dev.concert.concert;

import dev.concert.seats.SeatStatus;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Renders a seat map straight to JSON text: the hottest read of a sale, and building a JsonObject
 * per seat (then copying and encoding the tree) cost more than the Redis read behind it.
 */
public final class SeatMapView {
  private SeatMapView() {}

  public static Buffer render(Schedule schedule, SeatStatus[] states) {
    StringBuilder json = new StringBuilder(64 + states.length * 56);
    json.append("{\"scheduleId\":").append(schedule.id()).append(",\"items\":[");
    for (int i = 0; i < states.length; i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"seatNumber\":").append(i + 1)
          .append(",\"price\":").append(schedule.price())
          .append(",\"status\":\"").append(states[i].name()).append("\"}");
    }
    json.append("]}");
    return Buffer.buffer(json.toString().getBytes(StandardCharsets.UTF_8));
  }
}
