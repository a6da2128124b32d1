package dev.concert.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import org.junit.jupiter.api.Test;

class MoneyTest {
  @Test
  void chargesFromOneToAHundredMillionAreAccepted() {
    assertThat(Money.requireChargeAmount(1)).isEqualTo(1);
    assertThat(Money.requireChargeAmount(100_000_000)).isEqualTo(100_000_000);
  }

  @Test
  void chargesOutsideTheRangeAreRefused() {
    for (long amount : new long[] {0, -1, 100_000_001, Long.MAX_VALUE, Long.MIN_VALUE}) {
      assertThatThrownBy(() -> Money.requireChargeAmount(amount))
          .isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.detail()).startsWith("amount");
          });
    }
  }
}
