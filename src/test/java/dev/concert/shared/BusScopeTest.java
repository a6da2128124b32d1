package dev.concert.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.logging.LogContext;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class BusScopeTest {

  @Test
  void headersWinAndTheBodyFillsInUserAndReservation() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("requestId", "r1");
    JsonObject body = new JsonObject().put("userId", "u1").put("reservationId", "res1");
    assertThat(Bus.scopeOf(headers, body)).isEqualTo(new LogContext("r1", "u1", "res1"));

    headers.add("userId", "u2");
    assertThat(Bus.scopeOf(headers, body).userId()).isEqualTo("u2");
    assertThat(Bus.scopeOf(MultiMap.caseInsensitiveMultiMap(), null)).isEqualTo(new LogContext(null, null, null));
  }
}
