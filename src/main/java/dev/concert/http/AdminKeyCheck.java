package dev.concert.http;

import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** The {@code Admin-Key} header of the administration operations: any feature's, so it lives at the edge. */
public final class AdminKeyCheck {
  private AdminKeyCheck() {}

  /** 404 while the admin API is off (no key configured), 401 for a missing or wrong key. */
  public static Handler<RoutingContext> of(Optional<String> adminKey) {
    byte[] expected = adminKey.map(k -> k.getBytes(StandardCharsets.UTF_8)).orElse(null);
    return ctx -> {
      if (expected == null) {
        ctx.fail(ApiException.notFound("The administration API is off"));
        return;
      }
      String given = ctx.request().getHeader("Admin-Key");
      // Constant-time comparison: the key must not leak through response timing.
      if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
        ctx.fail(new ApiException(ErrorCode.ADMIN_KEY_INVALID, "Missing or wrong Admin-Key header"));
        return;
      }
      ctx.next();
    };
  }
}
