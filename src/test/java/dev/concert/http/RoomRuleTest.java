package dev.concert.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import org.junit.jupiter.api.Test;

class RoomRuleTest {
  @Test
  void aRoomTokenOpensItsOwnConcertOnlyWhateverTheConcertsRoom() {
    assertThat(RoomRule.refusal(7L, 7, true)).isEmpty();
    assertThat(RoomRule.refusal(7L, 7, false)).isEmpty();
    assertThat(RoomRule.refusal(7L, 8, false)).map(ApiException::code).contains(ErrorCode.QUEUE_NOT_ACTIVE);
    assertThat(RoomRule.refusal(7L, 8, true)).map(ApiException::code).contains(ErrorCode.QUEUE_NOT_ACTIVE);
  }

  @Test
  void aServiceWideTokenOpensEveryConcertNotSoldThroughItsOwnRoom() {
    assertThat(RoomRule.refusal(null, 8, false)).isEmpty();
    assertThat(RoomRule.refusal(null, 8, true)).map(ApiException::code).contains(ErrorCode.QUEUE_NOT_ACTIVE);
    assertThat(RoomRule.refusal(null, 8, true).orElseThrow().getMessage()).contains("concertId 8");
  }
}
