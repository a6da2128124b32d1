package dev.concert.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.concert.payment.PaymentVerticle;
import dev.concert.reservation.ReservationService;
import dev.concert.support.TestApp;
import dev.concert.support.TestAppExtension;
import dev.concert.support.TestApp.ActiveUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** Lines logged inside the feature verticles, after bus hops and database callbacks, carry the request's ids. */
class LoggingIntegrationTest {
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final List<Logger> watched = List.of(
      (Logger) LoggerFactory.getLogger(ReservationService.class), (Logger) LoggerFactory.getLogger(PaymentVerticle.class));
  @RegisterExtension final TestAppExtension apps = new TestAppExtension();
  private TestApp app;

  @BeforeEach
  void watch() {
    lines.start();
    watched.forEach(logger -> {
      logger.setLevel(Level.DEBUG);
      logger.addAppender(lines);
    });
  }

  @AfterEach
  void stop() {
    watched.forEach(logger -> {
      logger.detachAppender(lines);
      logger.setLevel(null);
    });
  }

  private HttpResponse<Buffer> post(ActiveUser user, String path, String requestId, JsonObject body) {
    return TestApp.await(app.client().post(path).putHeader("Authorization", "Bearer " + user.token())
        .putHeader("X-Request-Id", requestId).sendJsonObject(body));
  }

  private ILoggingEvent line(String startsWith) {
    TestApp.awaitCondition(() -> lines.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith(startsWith)),
        "a line starting with " + startsWith);
    return lines.list.stream().filter(e -> e.getFormattedMessage().startsWith(startsWith)).findFirst().orElseThrow();
  }

  @Test
  void holdAndPaymentLinesCarryRequestUserAndReservation() {
    app = apps.start();
    long schedule = app.createConcert("Logs", 10, 0, Duration.ofDays(2), 1)
        .getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
    ActiveUser user = app.activeUser();

    HttpResponse<Buffer> held = post(user, "/api/v1/reservations", "req-hold-1",
        new JsonObject().put("scheduleId", schedule).put("seatNumbers", new JsonArray().add(3)));
    assertThat(held.statusCode()).as(held.bodyAsString()).isEqualTo(201);
    String reservationId = held.bodyAsJsonObject().getString("reservationId");
    assertThat(line("hold placed").getMDCPropertyMap()).containsAllEntriesOf(Map.of(
        "requestId", "req-hold-1", "userId", user.userId().toString(), "reservationId", reservationId));

    HttpResponse<Buffer> paid = post(user, "/api/v1/payments", "req-pay-1", new JsonObject().put("reservationId", reservationId));
    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
    assertThat(line("payment of").getMDCPropertyMap()).containsAllEntriesOf(Map.of(
        "requestId", "req-pay-1", "userId", user.userId().toString(), "reservationId", reservationId));
  }
}
