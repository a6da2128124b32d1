package dev.concert.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.Wait;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StartupRetryTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Wait.result(vertx.close());
  }

  @Test
  void aStepThatFailsTwiceSucceedsOnItsThirdAttempt() {
    AtomicInteger calls = new AtomicInteger();
    Future<String> done = StartupRetry.run(vertx, "step", 5, 1, () -> calls.incrementAndGet() < 3
        ? Future.failedFuture(new IllegalStateException("slow reply")) : Future.succeededFuture("ok"));
    assertThat(Wait.result(done)).isEqualTo("ok");
    assertThat(calls).hasValue(3);
  }

  @Test
  void aStepThatKeepsFailingFailsTheStartAfterTheLastAttempt() {
    AtomicInteger calls = new AtomicInteger();
    Future<String> done = StartupRetry.run(vertx, "step", 3, 1, () -> {
      calls.incrementAndGet();
      return Future.failedFuture(new IllegalStateException("down"));
    });
    Throwable failure = Wait.result(done.<Throwable>transform(failed -> Future.succeededFuture(failed.cause())));
    assertThat(failure).hasMessage("down");
    assertThat(calls).hasValue(3);
  }
}
