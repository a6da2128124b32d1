package dev.concert.identity;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity provider's key set (CONCERT_AUTH_JWKS_URI), fetched on first use and cached; fetched
 * again when a JWT names a key id the cache lacks (the provider rotated its keys), at most once per
 * {@link #MIN_REFETCH_MILLIS} so that made-up key ids cannot make us hammer the provider, and in the
 * background once the cache is older than {@link #MAX_AGE_MILLIS}. One fetch at a time.
 */
final class JwksKeys implements VerificationKeys {
  private static final Logger LOG = LoggerFactory.getLogger(JwksKeys.class);
  static final long MIN_REFETCH_MILLIS = 1_000;
  static final long MAX_AGE_MILLIS = 3_600_000;
  private static final long FETCH_TIMEOUT_MILLIS = 5_000;
  /** Public signing keys only: a symmetric ("oct") key in a public set would let anyone sign. */
  private static final Set<String> PUBLIC_KEY_TYPES = Set.of("RSA", "EC", "OKP");

  private final Vertx vertx;
  private final HttpClient http;
  private final String uri;
  private final JWTOptions options;
  private Future<JWTAuth> cached;
  private Future<JWTAuth> fetching;
  private long fetchedAt;

  JwksKeys(Vertx vertx, String uri, JWTOptions options) {
    this.vertx = vertx;
    this.http = vertx.createHttpClient();
    this.uri = uri;
    this.options = options;
  }

  @Override
  public Future<JWTAuth> current() {
    if (cached == null || cached.failed() && System.currentTimeMillis() - fetchedAt >= MIN_REFETCH_MILLIS) {
      return fetch();
    }
    if (System.currentTimeMillis() - fetchedAt > MAX_AGE_MILLIS) {
      fetch(); // serve the cached keys meanwhile
    }
    return cached;
  }

  @Override
  public Future<JWTAuth> refreshedForUnknownKey() {
    if (fetching != null) {
      return fetching;
    }
    if (System.currentTimeMillis() - fetchedAt < MIN_REFETCH_MILLIS) {
      return Future.succeededFuture();
    }
    return fetch();
  }

  private Future<JWTAuth> fetch() {
    if (fetching != null) {
      return fetching;
    }
    Promise<JWTAuth> promise = Promise.promise();
    fetching = promise.future();
    fetchedAt = System.currentTimeMillis();
    http.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(uri)
            .setConnectTimeout(FETCH_TIMEOUT_MILLIS).setIdleTimeout(FETCH_TIMEOUT_MILLIS))
        .compose(request -> request.send())
        .compose(response -> response.statusCode() == 200
            ? response.body()
            : Future.failedFuture("the key set answered HTTP " + response.statusCode()))
        .map(body -> verifierOf(body.toJsonObject()))
        .onComplete(result -> {
          fetching = null;
          if (result.succeeded()) {
            cached = Future.succeededFuture(result.result());
          } else {
            LOG.warn("fetching the identity provider's keys from {} failed: {}", uri, result.cause().toString());
            if (cached == null || cached.failed()) {
              cached = Future.failedFuture(result.cause());
            }
          }
          promise.handle(result);
        });
    return promise.future();
  }

  private JWTAuth verifierOf(JsonObject keySet) {
    JsonArray keys = keySet.getJsonArray("keys", new JsonArray());
    List<JsonObject> usable = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      JsonObject key = keys.getJsonObject(i);
      if (PUBLIC_KEY_TYPES.contains(key.getString("kty")) && !"enc".equals(key.getString("use"))) {
        usable.add(key);
      }
    }
    LOG.info("identity provider key set fetched: {} signing keys", usable.size());
    return JWTAuth.create(vertx, new JWTAuthOptions().setJWTOptions(options).setJwks(usable));
  }
}
