package dev.concert.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ControlsChangeTest {
  private static final Instant NOW = Instant.parse("2026-12-07T20:00:00Z");
  private static final ControlsChange.Settings LATER =
      new ControlsChange.Settings(NOW.plusSeconds(3600), null, 10, null, false);

  private static ErrorCode refusal(ControlsChange change, ControlsChange.Settings current, boolean started) {
    try {
      change.applyTo(current, started, NOW, 1);
      return null;
    } catch (ApiException e) {
      return e.code();
    }
  }

  @Test
  void whatIsNotNamedStaysAsItWas() {
    ControlsChange.Settings next = ControlsChange.fromJson(new JsonObject().put("paused", true)).applyTo(LATER, false, NOW, 1);
    assertThat(next).isEqualTo(new ControlsChange.Settings(LATER.opensAt(), null, 10, null, true));
    ControlsChange.Settings faster = ControlsChange.fromJson(new JsonObject().put("admitPerSecond", 50).put("maxActive", 7))
        .applyTo(next, false, NOW, 1);
    assertThat(faster).isEqualTo(new ControlsChange.Settings(LATER.opensAt(), null, 50, 7, true));
  }

  @Test
  void anOpeningMovesOnlyWhileItAndTheNewOneAreMoreThanTwoSecondsAhead() {
    ControlsChange sooner = ControlsChange.fromJson(new JsonObject().put("salesOpenAt", NOW.plusSeconds(3).toString()));
    assertThat(sooner.applyTo(LATER, false, NOW, 1).opensAt()).isEqualTo(NOW.plusSeconds(3));
    assertThat(refusal(sooner, LATER, true)).as("the draw has begun").isEqualTo(ErrorCode.SALES_ALREADY_OPEN);
    ControlsChange.Settings imminent = new ControlsChange.Settings(NOW.plusSeconds(2), null, null, null, false);
    assertThat(refusal(sooner, imminent, false)).isEqualTo(ErrorCode.SALES_ALREADY_OPEN);
    ControlsChange.Settings past = new ControlsChange.Settings(NOW.minusSeconds(60), null, null, null, false);
    assertThat(refusal(sooner, past, false)).isEqualTo(ErrorCode.SALES_ALREADY_OPEN);
    ControlsChange tooSoon = ControlsChange.fromJson(new JsonObject().put("salesOpenAt", NOW.plusSeconds(2).toString()));
    assertThat(refusal(tooSoon, LATER, false)).isEqualTo(ErrorCode.VALIDATION_FAILED);
    // The same opening again is no move: allowed whenever.
    ControlsChange same = ControlsChange.fromJson(new JsonObject().put("salesOpenAt", past.opensAt().toString()).put("paused", true));
    assertThat(same.applyTo(past, true, NOW, 1).paused()).isTrue();
  }

  @Test
  void aCloseMustComeAfterTheOpeningAndNullRemovesIt() {
    ControlsChange close = ControlsChange.fromJson(new JsonObject().put("salesCloseAt", NOW.plusSeconds(7200).toString()));
    ControlsChange.Settings closing = close.applyTo(LATER, false, NOW, 1);
    assertThat(closing.closesAt()).isEqualTo(NOW.plusSeconds(7200));
    ControlsChange early = ControlsChange.fromJson(new JsonObject().put("salesCloseAt", LATER.opensAt().toString()));
    assertThat(refusal(early, LATER, false)).isEqualTo(ErrorCode.VALIDATION_FAILED);
    // Moving the opening past the close recorded before is refused too.
    ControlsChange pastTheClose = ControlsChange.fromJson(new JsonObject().put("salesOpenAt", NOW.plusSeconds(9000).toString()));
    assertThat(refusal(pastTheClose, closing, false)).isEqualTo(ErrorCode.VALIDATION_FAILED);
    ControlsChange removed = ControlsChange.fromJson(new JsonObject().putNull("salesCloseAt"));
    assertThat(removed.applyTo(closing, false, NOW, 1).closesAt()).isNull();
    assertThat(removed.given()).isEqualTo(new JsonObject().putNull("salesCloseAt"));
  }

  @Test
  void anEmptyChangeOrABadInstantIsRefused() {
    assertThatThrownBy(() -> ControlsChange.fromJson(new JsonObject())).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> ControlsChange.fromJson(new JsonObject().put("salesOpenAt", "tomorrow")))
        .isInstanceOf(ApiException.class).hasMessageContaining("salesOpenAt");
  }
}
