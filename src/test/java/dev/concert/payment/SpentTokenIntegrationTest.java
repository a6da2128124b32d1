package dev.concert.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.Shop;
import dev.concert.support.TestApp;
import dev.concert.support.TestApp.ActiveUser;
import dev.concert.support.TestAppExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A token that has paid but is live again in Redis (its end was lost with Redis's data, and the
 * queue put it back when it was presented) is ended by its next payment attempt: otherwise its user
 * would be handed it as their live token, one that can hold but never pay, until it times out.
 */
class SpentTokenIntegrationTest {
  @RegisterExtension
  final TestAppExtension apps = new TestAppExtension();

  @Test
  void aPaymentRefusedBecauseItsTokenPaidAlreadyEndsThatToken() {
    TestApp app = apps.start();
    Shop shop = new Shop(app);
    long schedule = shop.schedule(10, 1_000, Duration.ofDays(30));
    ActiveUser buyer = app.activeUser();
    shop.charge(buyer, 10_000);
    shop.pay(buyer, shop.hold(buyer, schedule, List.of(1)));

    TestApp.await(app.redis().send(Request.cmd(Command.FLUSHDB)));
    TestApp.awaitCondition(() -> "ACTIVE".equals(app.status(buyer)), "the paid token to be put back and admitted");
    String second = shop.hold(buyer, schedule, List.of(2));
    HttpResponse<Buffer> refused = TestApp.await(app.pay(buyer, second, null));
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(401);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("TOKEN_EXPIRED");

    assertThat(app.status(buyer)).isEqualTo("EXPIRED");
    assertThat(app.issueToken(buyer.userId()).getString("token")).isNotEqualTo(buyer.token());
  }
}
