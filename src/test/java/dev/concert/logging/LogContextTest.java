package dev.concert.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogContextTest {

  @Test
  void gainsUserAndReservationWithoutLosingTheRequest() {
    LogContext log = LogContext.ofRequest("r1").withUser("u1").withReservation("res1");
    assertThat(log).isEqualTo(new LogContext("r1", "u1", "res1"));
    assertThat(log.get(LogContext.REQUEST_ID)).isEqualTo("r1");
    assertThat(log.get(LogContext.USER_ID)).isEqualTo("u1");
    assertThat(log.get(LogContext.RESERVATION_ID)).isEqualTo("res1");
    assertThat(log.get("other")).isNull();
  }

  @Test
  void nullOrSameValuesKeepTheSameInstance() {
    LogContext log = LogContext.ofRequest("r1").withUser("u1");
    assertThat(log.withUser(null)).isSameAs(log);
    assertThat(log.withUser("u1")).isSameAs(log);
    assertThat(log.withReservation(null)).isSameAs(log);
  }

  @Test
  void outsideVertxThereIsNoScopeAndSettingOneIsHarmless() {
    RequestScope.set(LogContext.ofRequest("x"));
    RequestScope.user("u");
    assertThat(RequestScope.current()).isNull();
  }
}
