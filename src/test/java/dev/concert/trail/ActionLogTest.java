package dev.concert.trail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActionLogTest {
  @Test
  void actorsNameTheAdminOrTheDoorKeyById() {
    assertThat(Actor.ADMIN.name()).isEqualTo("admin");
    assertThat(Actor.door(java.util.UUID.fromString("00000000-0000-0000-0000-000000000007")).name())
        .isEqualTo("door:00000000-0000-0000-0000-000000000007");
  }
}
