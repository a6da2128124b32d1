package dev.concert.doors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.Shop;
import dev.concert.support.TestApp;
import dev.concert.support.TwoInstances;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No instance keeps door keys: a key issued on one opens the door on the other at once, and a
 * revocation on one is refused on the other the moment its answer came, without any wait.
 */
class DoorKeysOnTwoInstancesIntegrationTest {
  private static final long PRICE = 3_000;

  @Test
  void aKeyRevokedOnOneInstanceIsRefusedOnTheOtherAtOnce() {
    try (TwoInstances instances = TwoInstances.start(Map.of())) {
      Shop first = new Shop(instances.first());
      Shop second = new Shop(instances.second());
      long date = first.schedule(10, PRICE, Duration.ofDays(2));
      Shop.Bought bought = first.buy(date, List.of(1, 2, 3), PRICE);
      JsonArray tickets = first.reservation(bought.user(), bought.reservationId()).getJsonArray("tickets");

      HttpResponse<Buffer> created = TestApp.await(first.admin(HttpMethod.POST, "/api/v1/admin/door-keys",
          new JsonObject().put("scheduleId", date).put("label", "main door")));
      assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
      String key = created.bodyAsJsonObject().getString("key");
      assertThat(checkIn(instances.second(), key, tickets, 0).statusCode()).isEqualTo(200);
      assertThat(checkIn(instances.first(), key, tickets, 1).statusCode()).isEqualTo(200);

      HttpResponse<Buffer> revoked = TestApp.await(second.admin(HttpMethod.DELETE,
          "/api/v1/admin/door-keys/" + created.bodyAsJsonObject().getString("keyId"), null));
      assertThat(revoked.statusCode()).isEqualTo(204);
      for (TestApp instance : instances.both()) {
        HttpResponse<Buffer> refused = checkIn(instance, key, tickets, 2);
        assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(401);
        assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("DOOR_KEY_INVALID");
      }
    }
  }

  private static HttpResponse<Buffer> checkIn(TestApp instance, String key, JsonArray tickets, int index) {
    return TestApp.await(instance.client().post("/api/v1/door/check-in").putHeader("Door-Key", key)
        .sendJsonObject(new JsonObject().put("code", tickets.getJsonObject(index).getString("code"))));
  }
}
