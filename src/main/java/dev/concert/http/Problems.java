package dev.concert.http;

import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Renders every failure as an RFC 9457 problem document; never a stack trace to the client. */
public final class Problems {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  private static final String TYPE_BASE = "https://concert.dev/problems/";

  private Problems() {}

  public static void failureHandler(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    ApiException problem;
    if (failure instanceof ApiException api) {
      problem = api;
    } else if (failure instanceof HttpException http) {
      problem = fromStatus(http.getStatusCode(), http.getPayload());
    } else if (failure == null) {
      problem = fromStatus(ctx.statusCode(), null);
    } else if (isClientGone(failure)) {
      // The client hung up (closed or reset the connection): nobody to answer, nothing wrong here.
      LOG.debug("client went away during {} {}: {}", ctx.request().method(), ctx.request().path(), failure.toString());
      return;
    } else {
      LOG.error("unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
      problem = new ApiException(ErrorCode.INTERNAL_ERROR, "Unexpected error; it has been logged.");
    }
    send(ctx, problem);
  }

  /** A connection the client closed or reset (by the peer): routine on the internet, never an error of ours. */
  public static boolean isClientGone(Throwable failure) {
    if (failure instanceof io.vertx.core.http.HttpClosedException) {
      return true;
    }
    if (failure instanceof java.io.IOException io) {
      String message = String.valueOf(io.getMessage());
      return message.contains("Connection reset") || message.contains("Broken pipe");
    }
    return false;
  }

  public static void send(RoutingContext ctx, ApiException problem) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ErrorCode code = problem.code();
    JsonObject body = new JsonObject()
        .put("type", TYPE_BASE + code.name().toLowerCase().replace('_', '-'))
        .put("title", code.title())
        .put("status", code.status())
        .put("detail", problem.detail())
        .put("code", code.name());
    String requestId = ctx.get(RequestLog.REQUEST_ID);
    if (requestId != null) {
      body.put("requestId", requestId);
    }
    if (problem.retryAfterSeconds() > 0) {
      ctx.response().putHeader("Retry-After", Long.toString(problem.retryAfterSeconds()));
    } else if (code == ErrorCode.UNAVAILABLE) {
      ctx.response().putHeader("Retry-After", "1");
    }
    ctx.response()
        .setStatusCode(code.status())
        .putHeader("Content-Type", "application/problem+json")
        .end(body.toBuffer());
  }

  private static ApiException fromStatus(int status, String payload) {
    return switch (status) {
      case 400 -> ApiException.invalid(payload == null ? "Bad request" : payload);
      case 404 -> ApiException.notFound("No such resource");
      case 405 -> new ApiException(ErrorCode.METHOD_NOT_ALLOWED, "Method not allowed on this path");
      case 413 -> new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than allowed");
      case 415 -> new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Use application/json");
      case 503 -> ApiException.unavailable("Service unavailable");
      default -> status >= 400 && status < 500
          ? ApiException.invalid(payload == null ? "Bad request" : payload)
          : new ApiException(ErrorCode.INTERNAL_ERROR, "Unexpected error; it has been logged.");
    };
  }
}
