package dev.concert.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.concert.support.TestApp;
import dev.concert.support.TestAppExtension;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** A client that hangs up or resets its connection mid-request is routine: nothing at ERROR. */
class ClientDisconnectLoggingIntegrationTest {
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  @RegisterExtension
  final TestAppExtension apps = new TestAppExtension();
  private TestApp app;

  @AfterEach
  void stop() {
    root.detachAppender(lines);
  }

  @Test
  void closedAndResetConnectionsAreNotLoggedAsErrors() throws IOException {
    app = apps.start();
    lines.start();
    root.addAppender(lines);
    cutOff(false);
    cutOff(true);
    TestApp.awaitCondition(() -> resets() >= 2.0, "both cut-off requests to be seen as resets");
    assertThat(lines.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
        .map(ILoggingEvent::getFormattedMessage)).isEmpty();
  }

  /** Headers promise 100 bytes of body; the client sends 6 and hangs up ({@code reset}: with a TCP RST). */
  private void cutOff(boolean reset) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      String head = "POST /api/v1/queue/tokens HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
          + "Content-Length: 100\r\n\r\n{\"user";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      TestApp.awaitCondition(() -> active() >= 1.0, "the cut-off request to be in progress");
      if (reset) {
        socket.setSoLinger(true, 0);
      }
    }
  }

  private double active() {
    return metric("vertx_http_server_active_requests");
  }

  private double resets() {
    return metric("vertx_http_server_request_resets_total");
  }

  private double metric(String name) {
    return app.operatorGet("/metrics").bodyAsString().lines()
        .filter(line -> line.startsWith(name + "{") && line.contains("method=\"POST\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
