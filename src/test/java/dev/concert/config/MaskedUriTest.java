package dev.concert.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskedUriTest {
  @Test
  void masksThePasswordOfTheUserInfo() {
    assertThat(MaskedUri.of("postgresql://app:s3cret@db:5432/concert")).isEqualTo("postgresql://app:***@db:5432/concert");
    assertThat(MaskedUri.of("redis://:s3cret@cache:6379/0")).isEqualTo("redis://:***@cache:6379/0");
    assertThat(MaskedUri.of("rediss://default:s3cret@cache/1")).isEqualTo("rediss://default:***@cache/1");
  }

  @Test
  void masksPasswordsWithCharactersThatBreakTheUri() {
    assertThat(MaskedUri.of("postgresql://app:p@ss/w:rd@db/concert")).isEqualTo("postgresql://app:***@db/concert");
    assertThat(MaskedUri.of("postgresql://app:s3 cret@db/concert")).isEqualTo("postgresql://app:***@db/concert");
  }

  @Test
  void masksAPasswordParameter() {
    assertThat(MaskedUri.of("postgresql://db/concert?user=app&password=s3cret&sslmode=require"))
        .isEqualTo("postgresql://db/concert?user=app&password=***&sslmode=require");
  }

  @Test
  void leavesUrisWithoutAPasswordAlone() {
    assertThat(MaskedUri.of("postgresql://postgres@127.0.0.1:5432/concert")).isEqualTo("postgresql://postgres@127.0.0.1:5432/concert");
    assertThat(MaskedUri.of("redis://127.0.0.1:6379/0")).isEqualTo("redis://127.0.0.1:6379/0");
    assertThat(MaskedUri.of(null)).isNull();
  }
}
