package dev.concert.identity;

import dev.concert.metrics.Refusals;
import dev.concert.metrics.Refusals.Reason;
import dev.concert.config.BuyerConfig;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.NoSuchKeyIdException;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The buyer is the {@code sub} of the identity provider's JWT ({@code Authorization: Bearer}).
 * vertx-auth-jwt checks the signature against the provider's keys (never {@code alg: none}, never
 * a key of another algorithm), the issuer, the audience and the validity times; this class adds
 * what the contract asks beyond that (an expiry must be set, {@code sub} is a UUID, a body
 * {@code userId} must be the same user). Every refusal is 401 TOKEN_INVALID, counted by reason
 * and logged once with its reason, never with the token.
 */
public final class JwtIdentity implements BuyerIdentity {
  private static final Logger LOG = LoggerFactory.getLogger(JwtIdentity.class);
  /** Tolerated clock difference between the provider and us, in seconds. */
  static final int LEEWAY_SECONDS = 5;

  private final VerificationKeys keys;
  private final String issuer;
  private final String audience;

  JwtIdentity(VerificationKeys keys, String issuer, String audience) {
    this.keys = keys;
    this.issuer = issuer;
    this.audience = audience;
  }

  /** From the configuration: a PEM key or a JWKS URI (one of them is set). */
  public static JwtIdentity create(Vertx vertx, BuyerConfig config) {
    String issuer = config.issuer().orElseThrow();
    String audience = config.audience().orElseThrow();
    JWTOptions options = new JWTOptions().setIssuer(issuer).setAudience(List.of(audience)).setLeeway(LEEWAY_SECONDS);
    VerificationKeys keys = config.jwtPublicKey().isPresent()
        ? new PemKey(vertx, config.jwtPublicKey().get(), options)
        : new JwksKeys(vertx, config.jwksUri().orElseThrow(), options, config.jwksRefreshSeconds() * 1000L);
    return new JwtIdentity(keys, issuer, audience);
  }

  @Override
  public Future<String> userOf(String authorization, String bodyUserId) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        || authorization.substring(7).isBlank()) {
      return refuse(Reason.JWT_MISSING, "no identity token (Authorization: Bearer <JWT>)");
    }
    String jwt = authorization.substring(7).trim();
    Claims claims = Claims.parse(jwt);
    if (claims == null) {
      return refuse(Reason.JWT_MALFORMED, "the identity token is not a JWT");
    }
    if ("none".equalsIgnoreCase(claims.header().getString("alg", "none"))) {
      return refuse(Reason.JWT_ALGORITHM, "unsigned identity tokens (alg none) are refused");
    }
    return keys.current()
        .recover(failure -> unavailable())
        .compose(verifier -> verify(verifier, jwt))
        .recover(failure -> failure instanceof NoSuchKeyIdException
            ? keys.refreshedForUnknownKey()
                .recover(unreachable -> unavailable())
                .compose(fresh -> fresh == null ? Future.failedFuture(failure) : verify(fresh, jwt))
            : Future.failedFuture(failure))
        .recover(failure -> failure instanceof ApiException api ? Future.failedFuture(api) : this.<User>refusal(failure, claims))
        .compose(user -> accept(claims.payload(), bodyUserId));
  }

  private static Future<User> verify(JWTAuth verifier, String jwt) {
    return verifier.authenticate(new TokenCredentials(jwt));
  }

  /** Signature and claims are good: the contract's own conditions on the user. */
  private Future<String> accept(JsonObject payload, String bodyUserId) {
    if (!(payload.getValue("exp") instanceof Number)) {
      return refuse(Reason.JWT_MALFORMED, "the identity token has no expiry (exp)");
    }
    String sub = payload.getValue("sub") instanceof String s ? s : null;
    if (sub == null || !isUuid(sub)) {
      return refuse(Reason.JWT_SUBJECT, "the identity token's subject (sub) is not a user id (UUID)");
    }
    String userId = UUID.fromString(sub).toString();
    if (bodyUserId != null && !bodyUserId.equalsIgnoreCase(userId)) {
      return refuse(Reason.JWT_USER_MISMATCH, "userId differs from the identity token's subject");
    }
    return Future.succeededFuture(userId);
  }

  /**
   * Why the library refused. It checks the signature first and fails with an exception naming the
   * fault; then the claims, failing with a message "Invalid JWT ...", whose cause is read back from
   * the (by then authentic) claims.
   */
  private <T> Future<T> refusal(Throwable failure, Claims claims) {
    String message = String.valueOf(failure.getMessage());
    if (failure instanceof NoSuchKeyIdException) {
      return refuse(Reason.JWT_SIGNATURE, "the identity token is signed by an unknown key or algorithm");
    }
    if (failure instanceof SignatureException) {
      return refuse(Reason.JWT_SIGNATURE, "the identity token's signature is wrong");
    }
    if (failure instanceof IllegalStateException) {
      return message.contains("none")
          ? refuse(Reason.JWT_ALGORITHM, "unsigned identity tokens (alg none) are refused")
          : refuse(Reason.JWT_SIGNATURE, "the identity token is not signed");
    }
    if (!message.startsWith("Invalid JWT")) {
      return refuse(Reason.JWT_MALFORMED, "the identity token is malformed");
    }
    JsonObject payload = claims.payload();
    long now = System.currentTimeMillis() / 1000;
    if (!audienceMatches(payload.getValue("aud"))) {
      return refuse(Reason.JWT_AUDIENCE, "the identity token is for another audience");
    }
    if (!issuer.equals(payload.getValue("iss"))) {
      return refuse(Reason.JWT_ISSUER, "the identity token is from another issuer");
    }
    if (payload.getValue("exp") instanceof Number exp && now - LEEWAY_SECONDS >= exp.longValue()) {
      return refuse(Reason.JWT_EXPIRED, "the identity token has expired");
    }
    return refuse(Reason.JWT_NOT_YET_VALID, "the identity token is not valid yet (nbf or iat in the future)");
  }

  private boolean audienceMatches(Object aud) {
    if (aud instanceof String single) {
      return audience.equals(single);
    }
    return aud instanceof JsonArray many && many.contains(audience);
  }

  private static <T> Future<T> refuse(Reason reason, String detail) {
    Refusals.count(reason);
    LOG.info("identity token refused: {} ({})", reason.label(), detail);
    return Future.failedFuture(new ApiException(ErrorCode.TOKEN_INVALID, detail));
  }

  private static <T> Future<T> unavailable() {
    Refusals.count(Reason.JWT_KEYS_UNAVAILABLE);
    return Future.failedFuture(ApiException.unavailable("the identity provider's keys are unavailable; retry later"));
  }

  private static boolean isUuid(String value) {
    try {
      return UUID.fromString(value).toString().equalsIgnoreCase(value);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A JWT's header and payload, read without trusting them (to classify, never to decide alone). */
  record Claims(JsonObject header, JsonObject payload) {
    static Claims parse(String jwt) {
      String[] parts = jwt.split("\\.", -1);
      if (parts.length != 3 && parts.length != 2) {
        return null;
      }
      try {
        return new Claims(json(parts[0]), json(parts[1]));
      } catch (RuntimeException e) {
        return null;
      }
    }

    private static JsonObject json(String segment) {
      return new JsonObject(new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8));
    }
  }
}
