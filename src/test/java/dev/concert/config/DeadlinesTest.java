package dev.concert.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each layer's budget is shorter than the one waiting for it; start-up refuses a bus timeout that is not. */
class DeadlinesTest {
  @Test
  void defaultsNestEachBudgetInsideTheNext() {
    Deadlines d = Env.config(Map.of()).deadlines();
    assertThat(d.pgTransactionMillis()).isEqualTo(3000);
    assertThat(d.pgLockMillis()).isEqualTo(2000);
    assertThat(d.pgStatementMillis()).isEqualTo(30_000);
    assertThat(d.redisMillis()).isEqualTo(2000);
    assertThat(d.busMillis()).isEqualTo(9000)
        .isGreaterThan(d.pgTransactionMillis() + Deadlines.GRACE_MILLIS + 2 * d.redisMillis());
  }

  @Test
  void theBusDefaultFollowsShortenedBudgets() {
    Deadlines d = Env.config(Map.of("CONCERT_PG_TRANSACTION_TIMEOUT_MS", "1000",
        "CONCERT_REDIS_TIMEOUT_MS", "500")).deadlines();
    assertThat(d.busMillis()).isEqualTo(1000 + 1000 + 2 * 500 + 1000);
    assertThat(d.pgLockMillis()).isEqualTo(1000);
  }

  @Test
  void aBusTimeoutShorterThanTheWorkItWaitsForIsRefused() {
    assertThatThrownBy(() -> Env.config(Map.of("CONCERT_BUS_TIMEOUT_MS", "5000")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("CONCERT_BUS_TIMEOUT_MS");
    assertThatThrownBy(() -> Env.config(Map.of("CONCERT_PG_LOCK_TIMEOUT_MS", "4000")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("CONCERT_PG_LOCK_TIMEOUT_MS");
  }
}
