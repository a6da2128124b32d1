package dev.concert.buyers;

import dev.concert.metrics.Refusals;
import dev.concert.metrics.Refusals.Reason;
import dev.concert.config.BuyerConfig;
import dev.concert.http.Replies;
import dev.concert.http.RequestLog;
import dev.concert.identity.BuyerIdentity;
import dev.concert.identity.JwtIdentity;
import dev.concert.identity.TrustedUserId;
import dev.concert.logging.RequestScope;
import dev.concert.ratelimit.ClientAddress;
import dev.concert.ratelimit.RateKeys;
import dev.concert.ratelimit.RateLimiter;
import dev.concert.ratelimit.RateLimiter.Decision;
import dev.concert.shared.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Redis;

/**
 * The buyer defences at the HTTP edge, run after an operation's gate and validation: who asks for
 * a queue token, and how often a user or an address may ask for tokens. (Hold attempts are counted
 * in the hold's own Redis step: see {@link HoldLimits}.)
 */
public final class BuyerGuards {
  private static final long MINUTE = 60_000;

  private final BuyerConfig config;
  private final BuyerIdentity identity;
  private final RateLimiter limiter;
  private final ClientAddress clientAddress;

  /** The guards of one HTTP verticle: its own Redis connection, the configured identity source. */
  public static BuyerGuards create(Vertx vertx, BuyerConfig config, Redis redis) {
    BuyerIdentity identity = config.verifiedIdentity() ? JwtIdentity.create(vertx, config) : new TrustedUserId();
    return new BuyerGuards(config, identity, new RateLimiter(redis));
  }

  public BuyerGuards(BuyerConfig config, BuyerIdentity identity, RateLimiter limiter) {
    this.config = config;
    this.identity = identity;
    this.limiter = limiter;
    this.clientAddress = ClientAddress.trusting(config.trustedProxies());
  }

  /**
   * Before issuing a queue token: the user from the identity provider (or the trusted body), put
   * into the body for the queue; then the per-user and per-address token rates.
   */
  public Handler<RoutingContext> tokenRequests() {
    return ctx -> {
      JsonObject body = Replies.body(ctx);
      identity.userOf(ctx.request().getHeader("Authorization"), body.getString("userId"))
          .compose(userId -> {
            body.put("userId", userId);
            ctx.put(RequestLog.USER_ID, userId);
            RequestScope.user(userId);
            String address = clientAddress.of(ctx.request().remoteAddress().hostAddress(),
                ctx.request().getHeader("X-Forwarded-For"));
            int limit = config.rateTokensPerMinute();
            return Future.all(limiter.acquire(RateKeys.tokensOfUser(userId), limit, MINUTE),
                    limiter.acquire(RateKeys.tokensOfAddress(address), limit, MINUTE))
                .recover(BuyerGuards::unavailable)
                .compose(both -> {
                  Decision user = both.resultAt(0);
                  Decision byAddress = both.resultAt(1);
                  if (!user.allowed()) {
                    return refuse(user, Reason.RATE_TOKENS_USER, "too many queue token requests for this user");
                  }
                  if (!byAddress.allowed()) {
                    return refuse(byAddress, Reason.RATE_TOKENS_ADDRESS, "too many queue token requests from this address");
                  }
                  return Future.<Void>succeededFuture();
                });
          })
          .onComplete(passed -> ctx.next(), ctx::fail);
    };
  }

  /** 429 with Retry-After (the problem carries it). */
  private static Future<Void> refuse(Decision decision, Reason reason, String detail) {
    Refusals.count(reason);
    return Future.failedFuture(ApiException.rateLimited(detail, decision.retryAfterMillis()));
  }

  private static <T> Future<T> unavailable(Throwable failure) {
    return Future.failedFuture(ApiException.unavailable("rate limits are unavailable; nothing was done, retry later"));
  }
}
