package dev.concert.identity;

import dev.concert.config.MaskedUri;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.impl.jose.JWK;
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
 * {@link #MIN_REFETCH_MILLIS} so that made-up key ids cannot make us hammer the provider, and once
 * the cache is older than the refresh period (CONCERT_AUTH_JWKS_REFRESH_SECONDS): the first JWT
 * after it waits for the fresh set, so a key the provider removed is no longer trusted from then
 * on (while the provider cannot answer, the keys known last stay in use). One fetch at a time.
 *
 * <p>A key that cannot be used (not a public signing key, malformed, or of a type, algorithm or
 * curve the library does not support) is skipped and logged; the others still verify.
 */
final class JwksKeys implements VerificationKeys {
  private static final Logger LOG = LoggerFactory.getLogger(JwksKeys.class);
  static final long MIN_REFETCH_MILLIS = 1_000;
  private static final long FETCH_TIMEOUT_MILLIS = 5_000;
  /** Public signing keys only: a symmetric ("oct") key in a public set would let anyone sign. */
  private static final Set<String> PUBLIC_KEY_TYPES = Set.of("RSA", "EC", "OKP");

  private final Vertx vertx;
  private final HttpClient http;
  private final String uri;
  private final JWTOptions options;
  private final long refreshMillis;
  private Future<JWTAuth> cached;
  private Future<JWTAuth> fetching;
  private long fetchedAt;
  /** What the last fetch kept and skipped, to log a key set once rather than at every refresh. */
  private String lastSummary;

  JwksKeys(Vertx vertx, String uri, JWTOptions options, long refreshMillis) {
    this.vertx = vertx;
    this.http = vertx.createHttpClient();
    this.uri = uri;
    this.options = options;
    this.refreshMillis = refreshMillis;
  }

  @Override
  public Future<JWTAuth> current() {
    long age = System.currentTimeMillis() - fetchedAt;
    if (cached == null || cached.failed() && age >= MIN_REFETCH_MILLIS) {
      return fetch();
    }
    if (cached.succeeded() && age >= refreshMillis) {
      Future<JWTAuth> known = cached;
      return fetch().recover(unreachable -> known);
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
            LOG.warn("fetching the identity provider's keys from {} failed: {}", MaskedUri.of(uri), result.cause().toString());
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
    List<String> skipped = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      Object entry = keys.getValue(i);
      String why = entry instanceof JsonObject key ? unusable(key) : "not a JSON object";
      if (why == null) {
        usable.add((JsonObject) entry);
      } else {
        skipped.add("#" + i + (entry instanceof JsonObject key ? " " + describe(key) : "") + ": " + why);
      }
    }
    String summary = usable.size() + " signing key(s)" + (skipped.isEmpty() ? "" : "; skipped " + String.join("; ", skipped));
    if (!summary.equals(lastSummary)) {
      lastSummary = summary;
      if (skipped.isEmpty()) {
        LOG.info("identity provider key set fetched: {}", summary);
      } else {
        LOG.warn("identity provider key set fetched: {}", summary);
      }
    }
    return JWTAuth.create(vertx, new JWTAuthOptions().setJWTOptions(options).setJwks(usable));
  }

  /** Why a key of the set cannot verify our JWTs, or null if it can. */
  private static String unusable(JsonObject key) {
    if (!(key.getValue("kty") instanceof String kty) || !PUBLIC_KEY_TYPES.contains(kty)) {
      return "not a public key type (kty " + key.getValue("kty") + ")";
    }
    if (key.containsKey("use") && !"sig".equals(key.getValue("use"))) {
      return "not a signing key (use " + key.getValue("use") + ")";
    }
    try {
      // The library's own reading of a key: it refuses what it cannot verify with.
      new JWK(key);
      return null;
    } catch (RuntimeException e) {
      return "unsupported or malformed (" + e.getMessage() + ")";
    }
  }

  private static String describe(JsonObject key) {
    return "kid " + key.getValue("kid") + ", kty " + key.getValue("kty") + ", alg " + key.getValue("alg")
        + (key.containsKey("crv") ? ", crv " + key.getValue("crv") : "");
  }
}
