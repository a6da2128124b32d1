package dev.concert.concert;

import dev.concert.seats.SeatStatus;
import dev.concert.seats.SeatKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NewConcertTest {

  private static JsonObject request(int seats, long price, String startsAt) {
    return new JsonObject().put("title", "Gala").put("schedules", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("startsAt", startsAt).put("seatCount", seats).put("price", price)));
  }

  @Test
  void parsesAValidRequest() {
    NewConcert concert = NewConcert.fromJson(request(50, 10_000, "2026-12-24T19:00:00Z"));
    assertThat(concert.title()).isEqualTo("Gala");
    assertThat(concert.schedules()).singleElement().satisfies(s -> {
      assertThat(s.startsAt()).isEqualTo(Instant.parse("2026-12-24T19:00:00Z"));
      assertThat(s.seatCount()).isEqualTo(50);
      assertThat(s.price()).isEqualTo(10_000);
    });
  }

  @Test
  void acceptsOffsetsAndNormalisesToUtc() {
    NewConcert concert = NewConcert.fromJson(request(1, 0, "2026-12-25T04:00:00+09:00"));
    assertThat(concert.schedules().get(0).startsAt()).isEqualTo(Instant.parse("2026-12-24T19:00:00Z"));
  }

  @Test
  void enforcesSeatAndPriceRanges() {
    assertThatThrownBy(() -> NewConcert.fromJson(request(0, 1, "2026-12-24T19:00:00Z")))
        .isInstanceOf(ApiException.class).hasMessageContaining("seatCount");
    assertThatThrownBy(() -> NewConcert.fromJson(request(1001, 1, "2026-12-24T19:00:00Z")))
        .isInstanceOf(ApiException.class).hasMessageContaining("seatCount");
    assertThatThrownBy(() -> NewConcert.fromJson(request(10, 10_000_001, "2026-12-24T19:00:00Z")))
        .isInstanceOf(ApiException.class).hasMessageContaining("price");
    assertThat(NewConcert.fromJson(request(1000, 10_000_000, "2026-12-24T19:00:00Z")).schedules()).hasSize(1);
  }

  @Test
  void rejectsMalformedDatesAsValidationFailures() {
    assertThatThrownBy(() -> NewConcert.fromJson(request(10, 1, "tomorrow")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED))
        .hasMessageContaining("schedules/0/startsAt");
  }

  @Test
  void roundTripsThroughJson() {
    NewConcert concert = NewConcert.fromJson(request(7, 70, "2026-12-24T19:00:00Z"));
    assertThat(NewConcert.fromJson(concert.toJson())).isEqualTo(concert);
  }

  @Test
  void scheduleKnowsItsSeatsAndDate() {
    Schedule schedule = new Schedule(1, 1, Instant.parse("2026-12-24T19:00:00Z"), 50, 1000);
    assertThat(schedule.hasSeat(1)).isTrue();
    assertThat(schedule.hasSeat(50)).isTrue();
    assertThat(schedule.hasSeat(0)).isFalse();
    assertThat(schedule.hasSeat(51)).isFalse();
    assertThat(schedule.isInFuture(Instant.parse("2026-12-24T18:59:59Z"))).isTrue();
    assertThat(schedule.isInFuture(Instant.parse("2026-12-24T19:00:00Z"))).isFalse();
  }

  @Test
  void seatStatusDecodesRedisValues() {
    long now = 1_000_000;
    assertThat(SeatStatus.fromRedisValue(null, now)).isEqualTo(SeatStatus.AVAILABLE);
    assertThat(SeatStatus.fromRedisValue("H:abc:" + (now + 1), now)).isEqualTo(SeatStatus.HELD);
    assertThat(SeatStatus.fromRedisValue("S:abc", now)).isEqualTo(SeatStatus.SOLD);
    // A hold past its time and the grace period has lapsed: the seat is free again.
    assertThat(SeatStatus.fromRedisValue("H:abc:" + (now - SeatKeys.LAPSE_GRACE_MILLIS + 1), now)).isEqualTo(SeatStatus.HELD);
    assertThat(SeatStatus.fromRedisValue("H:abc:" + (now - SeatKeys.LAPSE_GRACE_MILLIS), now)).isEqualTo(SeatStatus.AVAILABLE);
    assertThat(SeatKeys.seats(42)).isEqualTo("seats:{schedule:42}");
  }
}
