package dev.concert.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Seat maps as an instance serves them and as Postgres, the record, has them: "schedule/seat" to HELD or SOLD. */
public final class SeatMaps {
  private SeatMaps() {}

  /** Every taken seat Postgres knows. */
  public static Map<String, String> truth(Pool pool) {
    Map<String, String> taken = new HashMap<>();
    for (Row row : TestApp.await(pool.query(
        "SELECT schedule_id, seat_number, status FROM reservation_seats WHERE status IN ('HELD', 'PAID')").execute())) {
      taken.put(row.getLong(0) + "/" + row.getInteger(1), "PAID".equals(row.getString(2)) ? "SOLD" : "HELD");
    }
    return taken;
  }

  /** The taken seats of the schedules' maps, as {@code instance} serves them to {@code token} (ACTIVE). */
  public static Map<String, String> served(ServiceClient instance, String token, List<Long> schedules) {
    Map<String, String> taken = new HashMap<>();
    for (long schedule : schedules) {
      HttpResponse<Buffer> map = instance.callAndWait(HttpMethod.GET, "/api/v1/schedules/" + schedule + "/seats", token, null);
      assertThat(map.statusCode()).as(map.bodyAsString()).isEqualTo(200);
      map.bodyAsJsonObject().getJsonArray("items").forEach(item -> {
        JsonObject seat = (JsonObject) item;
        if (!"AVAILABLE".equals(seat.getString("status"))) {
          taken.put(schedule + "/" + seat.getInteger("seatNumber"), seat.getString("status"));
        }
      });
    }
    return taken;
  }
}
