package dev.concert;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.concert.config.AppConfig;
import dev.concert.support.TestApp;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Start-up fails closed: no secrets, no start (outside development mode, which stays on loopback). */
class StartupIntegrationTest {

  @Test
  void theRealMainRefusesToStartWithoutItsSecretsAndMasksPasswords() throws Exception {
    ProcessBuilder main = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()).redirectErrorStream(true);
    main.environment().keySet().removeIf(name -> name.startsWith("CONCERT_"));
    // A URI that is valid for java.net.URI but not for the Postgres client, whose own message quotes it whole.
    main.environment().put("CONCERT_PG_URI", "postgresql://app:pg-s3cret@127.0.0.1:99999/concert");
    Process process = main.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the service exits by itself").isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.exitValue()).as(output).isNotZero();
    assertThat(output).contains("CONCERT_TOKEN_SECRET is not set", "CONCERT_ADMIN_KEY is not set", "CONCERT_DEV_MODE=true")
        .contains("postgresql://app:***@127.0.0.1:99999/concert")
        .doesNotContain("s3cret");
  }

  @Test
  void developmentModeStartsWithoutSecretsOnLoopbackOnlyAndSaysSo() {
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(AppConfig.class);
    lines.start();
    logger.addAppender(lines);
    try (TestApp app = TestApp.start(Map.of("CONCERT_DEV_MODE", "true", "CONCERT_TOKEN_SECRET", "", "CONCERT_ADMIN_KEY", "",
        "CONCERT_PG_URI", withPassword(TestApp.environment(Map.of()).get("CONCERT_PG_URI"))))) {
      assertThat(app.config().devTokenSecret()).isTrue();
      assertThat(accepts("127.0.0.1", app.port())).isTrue();
      assertThat(accepts("127.0.0.2", app.port())).as("another loopback address than 127.0.0.1").isFalse();
      List<String> logged = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(logged).anyMatch(line -> line.contains("development mode, listening on 127.0.0.1 only"));
      assertThat(logged).anyMatch(line -> line.contains(":***@"));
      assertThat(logged).noneMatch(line -> line.contains("unused-s3cret"));
    } finally {
      logger.detachAppender(lines);
    }
  }

  @Test
  void outsideDevelopmentModeEveryAddressIsServed() {
    try (TestApp app = TestApp.start()) {
      assertThat(accepts("127.0.0.2", app.port())).isTrue();
    }
  }

  /** The test Postgres trusts local connections: a password in its URI is accepted and never checked. */
  private static String withPassword(String uri) {
    return uri.replaceFirst("://([^@/]*)@", "://$1:unused-s3cret@");
  }

  private static boolean accepts(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 5_000);
      return true;
    } catch (ConnectException refused) {
      return false;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
