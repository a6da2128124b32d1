package dev.concert.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concert.config.Deadlines;
import dev.concert.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several Vert.x instances in one JVM (tests, clustered harnesses) each keep their own bus and deadlines. */
class BusPerInstanceTest {
  private static final Address<JsonObject, JsonObject> ADDRESS = Address.of("test.own", JsonObject.class, JsonObject.class);
  /** Longest work 1000 + 1000 + 2 x 100 = 2200 ms. */
  private static final Deadlines SHORT = new Deadlines(1000, 1000, 30_000, 100, 5000);
  /** Longest work 8000 + 1000 + 2 x 1000 = 11000 ms. */
  private static final Deadlines LONG = new Deadlines(8000, 1000, 30_000, 1000, 20_000);
  private final Vertx first = Vertx.vertx();
  private final Vertx second = Vertx.vertx();

  @AfterEach
  void stop() {
    Wait.result(first.close());
    Wait.result(second.close());
  }

  @Test
  void eachInstanceJudgesLatenessByItsOwnDeadlines() {
    Bus firstBus = Bus.install(first, SHORT);
    Bus secondBus = Bus.install(second, LONG);
    assertThat(Bus.of(first)).isSameAs(firstBus).isNotSameAs(secondBus);
    for (Vertx vertx : new Vertx[] {first, second}) {
      Wait.result(Bus.of(vertx).serve(ADDRESS, body -> Future.succeededFuture(new JsonObject().put("ok", true))).completion());
    }

    // 5 s left: enough for the first instance's longest work (2.2 s), not for the second's (11 s),
    // though the second was installed last.
    assertThat(Wait.result(withSecondsLeft(first, 5)).body().getBoolean("ok")).isTrue();
    Throwable refused = BusDeadlineTest.failureOf(withSecondsLeft(second, 5));
    assertThat(refused).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) refused).failureCode()).isEqualTo(503);
  }

  @Test
  void installingAgainGivesTheSameBusButNeverOtherDeadlines() {
    Bus bus = Bus.install(first, SHORT);
    assertThat(Bus.install(first, SHORT)).isSameAs(bus);
    assertThatThrownBy(() -> Bus.install(first, LONG)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Bus.of(second)).isInstanceOf(IllegalStateException.class);
  }

  private static Future<io.vertx.core.eventbus.Message<JsonObject>> withSecondsLeft(Vertx vertx, int seconds) {
    DeliveryOptions options = new DeliveryOptions().setCodecName(MessageCodec.NAME)
        .addHeader(Bus.DEADLINE, Long.toString(System.currentTimeMillis() + seconds * 1000L));
    return vertx.eventBus().request(ADDRESS.name(), new JsonObject(), options);
  }
}
