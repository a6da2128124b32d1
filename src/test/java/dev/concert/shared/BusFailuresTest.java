package dev.concert.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.junit.jupiter.api.Test;

/** A feature's refusal crosses the (clustered) bus as a failure message and comes back the same. */
class BusFailuresTest {

  private static ApiException roundTrip(ApiException sent) {
    ReplyException onTheWire = new ReplyException(ReplyFailure.RECIPIENT_FAILURE, sent.code().status(),
        BusFailures.message(sent));
    return BusFailures.fromReply("test.address", onTheWire);
  }

  @Test
  void aRefusalKeepsItsCodeDetailAndRetryAfter() {
    ApiException back = roundTrip(ApiException.rateLimited("too many | attempts", 1_500));
    assertThat(back.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(back.detail()).isEqualTo("too many | attempts; retry after 2 s");
    assertThat(back.retryAfterSeconds()).isEqualTo(2);

    ApiException plain = roundTrip(ApiException.notFound("no reservation x"));
    assertThat(plain.code()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(plain.detail()).isEqualTo("no reservation x");
    assertThat(plain.retryAfterSeconds()).isZero();
  }

  @Test
  void aFailureThatIsNotOursIsUnavailable() {
    ApiException back = BusFailures.fromReply("test.address",
        new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 500, "NOT_A_CODE:x|boom"));
    assertThat(back.code()).isEqualTo(ErrorCode.UNAVAILABLE);
  }
}
