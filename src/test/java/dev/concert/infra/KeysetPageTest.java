package dev.concert.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concert.shared.ApiException;
import org.junit.jupiter.api.Test;

class KeysetPageTest {
  @Test
  void aCursorIsAPositiveIdAndAnythingElseIsABadRequest() {
    assertThat(KeysetPage.cursor("42")).isEqualTo(42);
    for (String bad : new String[] {"0", "-3", "abc", "1.5", "99999999999999999999"}) {
      assertThatThrownBy(() -> KeysetPage.cursor(bad)).as(bad).isInstanceOf(ApiException.class)
          .hasMessageContaining("after");
    }
  }
}
