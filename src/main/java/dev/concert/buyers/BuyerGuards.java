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
import dev.concert.shared.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Redis;

/**
 * The buyer defences at the HTTP edge, run after an operation's gate and validation: who asks for
 * a queue token, and how often a user or an address may ask for tokens or try to hold seats.
 */
public final class BuyerGuards {
  private static final long MINUTE = 60_000;
  private static final long SECOND = 1_000;

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
                    return refuse(ctx, user, Reason.RATE_TOKENS_USER, "too many queue token requests for this user");
                  }
                  if (!byAddress.allowed()) {
                    return refuse(ctx, byAddress, Reason.RATE_TOKENS_ADDRESS, "too many queue token requests from this address");
                  }
                  return Future.<Void>succeededFuture();
                });
          })
          .onComplete(passed -> ctx.next(), ctx::fail);
    };
  }

  /** Before a hold: the user's hold attempts per second. */
  public Handler<RoutingContext> holdAttempts() {
    return ctx -> limiter.acquire(RateKeys.holdsOfUser(Replies.userId(ctx)), config.rateHoldsPerSecond(), SECOND)
        .recover(BuyerGuards::unavailable)
        .compose(decision -> decision.allowed()
            ? Future.<Void>succeededFuture()
            : refuse(ctx, decision, Reason.RATE_HOLDS_USER, "too many hold attempts for this user"))
        .onComplete(passed -> ctx.next(), ctx::fail);
  }

  /** 429 with Retry-After; the failure handler keeps the header when it renders the problem. */
  private static Future<Void> refuse(RoutingContext ctx, Decision decision, Reason reason, String detail) {
    Refusals.count(reason);
    ctx.response().putHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
    return Future.failedFuture(new ApiException(ErrorCode.RATE_LIMITED,
        detail + "; retry after " + decision.retryAfterSeconds() + " s"));
  }

  private static <T> Future<T> unavailable(Throwable failure) {
    return Future.failedFuture(ApiException.unavailable("rate limits are unavailable; nothing was done, retry later"));
  }
}
