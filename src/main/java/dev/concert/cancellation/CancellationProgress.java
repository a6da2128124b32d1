package dev.concert.cancellation;

import io.vertx.core.json.JsonObject;

/**
 * A date's cancellation as operators read it: {@code refundsTotal} is the refunds the cancellation
 * made plus the paid reservations still to refund (a date on sale has neither).
 */
record CancellationProgress(long scheduleId, String status, long refundsDone, long paidLeft) {
  long refundsTotal() {
    return refundsDone + paidLeft;
  }

  JsonObject toJson() {
    return new JsonObject().put("scheduleId", scheduleId).put("status", status)
        .put("refundsDone", refundsDone).put("refundsTotal", refundsTotal());
  }
}
