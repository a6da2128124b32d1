package dev.concert.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.config.Deadlines;
import dev.concert.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A request that reaches its feature too late to be done before the sender gives up is refused untouched. */
class BusDeadlineTest {
  /** Longest work 1000 + 1000 + 2 x 100 = 2200 ms; the sender waits 5000 ms. */
  private static final Deadlines DEADLINES = new Deadlines(1000, 1000, 30_000, 100, 5000);
  private static final Address<JsonObject, JsonObject> ADDRESS = Address.of("test.deadline", JsonObject.class, JsonObject.class);
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    Wait.result(vertx.close());
  }

  @Test
  void aLateRequestIsRefusedBeforeItsHandlerRuns() {
    Bus bus = Bus.install(vertx, DEADLINES);
    AtomicInteger handled = new AtomicInteger();
    Wait.result(bus.serve(ADDRESS, body -> {
      handled.incrementAndGet();
      return Future.succeededFuture(new JsonObject().put("ok", true));
    }).completion());

    // In time: Bus.request stamps the full reply timeout.
    assertThat(Wait.result(bus.request(ADDRESS, new JsonObject())).getBoolean("ok")).isTrue();
    assertThat(handled.get()).isEqualTo(1);

    // Arriving with 1 s left, less than the 2.2 s the longest work may need: refused, handler untouched.
    DeliveryOptions late = new DeliveryOptions().setCodecName(MessageCodec.NAME)
        .addHeader(Bus.DEADLINE, Long.toString(System.currentTimeMillis() + 1000));
    Throwable refused = failureOf(vertx.eventBus().request(ADDRESS.name(), new JsonObject(), late));
    assertThat(refused).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) refused).failureCode()).isEqualTo(503);
    assertThat(refused.getMessage()).startsWith("UNAVAILABLE|");
    assertThat(handled.get()).isEqualTo(1);
  }

  static Throwable failureOf(Future<?> future) {
    try {
      Wait.result(future);
      return null;
    } catch (IllegalStateException e) {
      Throwable cause = e.getCause();
      return cause instanceof java.util.concurrent.ExecutionException ee ? ee.getCause() : cause;
    }
  }
}
