package dev.concert.idempotency;

import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import dev.concert.shared.StatusReply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The answer to a request that may be replayed: a status with a body, or a problem. Stored with
 * its Idempotency-Key so a replay answers exactly the same.
 */
public record Outcome(int status, JsonObject body, ApiException problem) {

  public static Outcome success(int status, JsonObject body) {
    return new Outcome(status, body, null);
  }

  public static Outcome failure(ApiException problem) {
    return new Outcome(problem.code().status(), null, problem);
  }

  public boolean succeeded() {
    return problem == null;
  }

  /** What the key's row keeps: the body, or the problem's code and detail. */
  public JsonObject toStored() {
    return succeeded() ? body : new JsonObject().put("code", problem.code().name()).put("detail", problem.detail());
  }

  public static Outcome fromStored(int status, JsonObject stored) {
    if (status >= 400) {
      return failure(new ApiException(ErrorCode.valueOf(stored.getString("code")), stored.getString("detail")));
    }
    return success(status, stored);
  }

  /** As a bus reply: the status and body, or the problem as a failure. */
  public Future<StatusReply> toReply() {
    return succeeded()
        ? Future.succeededFuture(new StatusReply(status, body))
        : Future.failedFuture(problem);
  }
}
