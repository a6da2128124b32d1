package dev.concert.http;

import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may see what only operators should: error texts naming hosts, ports and users, cluster
 * members, metrics. On the public port that takes the {@code Admin-Key} header; the management
 * port ({@code CONCERT_MANAGEMENT_PORT}, never exposed publicly) serves them without it.
 */
public final class OperatorAccess {
  private final byte[] expected;

  public OperatorAccess(Optional<String> adminKey) {
    this.expected = adminKey.map(k -> k.getBytes(StandardCharsets.UTF_8)).orElse(null);
  }

  /** Whether the request carries the right Admin-Key (constant-time: the key must not leak through timing). */
  public boolean isOperator(RoutingContext ctx) {
    String given = ctx.request().getHeader("Admin-Key");
    return expected != null && given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
  }

  /** 404 while no admin key is configured, 401 for a missing or wrong one, else on to the next handler. */
  public Handler<RoutingContext> required() {
    return ctx -> {
      if (expected == null) {
        ctx.fail(ApiException.notFound("No such resource: " + ctx.request().path()));
      } else if (!isOperator(ctx)) {
        ctx.fail(new ApiException(ErrorCode.ADMIN_KEY_INVALID, "Missing or wrong Admin-Key header"));
      } else {
        ctx.next();
      }
    };
  }
}
