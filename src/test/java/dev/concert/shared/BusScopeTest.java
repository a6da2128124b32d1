package dev.concert.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.logging.LogContext;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class BusScopeTest {
  record AboutAReservation(String userId, String reservationId) implements BusMessage {}

  record AboutNobody(long scheduleId) implements BusMessage {}

  @Test
  void headersWinAndTheMessageFillsInUserAndReservation() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("requestId", "r1");
    AboutAReservation body = new AboutAReservation("u1", "res1");
    assertThat(Bus.scopeOf(headers, body)).isEqualTo(new LogContext("r1", "u1", "res1"));

    headers.add("userId", "u2");
    assertThat(Bus.scopeOf(headers, body).userId()).isEqualTo("u2");
    assertThat(Bus.scopeOf(MultiMap.caseInsensitiveMultiMap(), new AboutNobody(1))).isEqualTo(new LogContext(null, null, null));
    assertThat(Bus.scopeOf(MultiMap.caseInsensitiveMultiMap(), null)).isEqualTo(new LogContext(null, null, null));
  }
}
