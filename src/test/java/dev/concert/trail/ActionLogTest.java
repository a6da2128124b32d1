package dev.concert.trail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concert.shared.ApiException;
import org.junit.jupiter.api.Test;

class ActionLogTest {
  @Test
  void aCursorIsAPositiveIdAndAnythingElseIsABadRequest() {
    assertThat(ActionLog.cursor("42")).isEqualTo(42);
    for (String bad : new String[] {"0", "-3", "abc", "1.5", "99999999999999999999"}) {
      assertThatThrownBy(() -> ActionLog.cursor(bad)).as(bad).isInstanceOf(ApiException.class)
          .hasMessageContaining("after");
    }
  }

  @Test
  void actorsNameTheAdminOrTheDoorKeyById() {
    assertThat(Actor.ADMIN.name()).isEqualTo("admin");
    assertThat(Actor.door(java.util.UUID.fromString("00000000-0000-0000-0000-000000000007")).name())
        .isEqualTo("door:00000000-0000-0000-0000-000000000007");
  }
}
