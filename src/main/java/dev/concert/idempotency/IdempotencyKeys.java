package dev.concert.idempotency;

import dev.concert.infra.BatchedDelete;
import dev.concert.infra.PgTransactions;
import dev.concert.infra.Resources;
import dev.concert.metrics.DomainMetrics;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code Idempotency-Key} handling in Postgres: the key is claimed, the work done and its outcome
 * stored in one transaction, so a replay, even after a crash, answers the first result, and the
 * work happens at most once.
 */
public final class IdempotencyKeys {
  private static final String CLAIM = Resources.sql("idempotency/claim");
  private static final String FIND = Resources.sql("idempotency/find");
  private static final String STORE = Resources.sql("idempotency/store");
  private static final String FORGET_EXPIRED = Resources.sql("idempotency/forget_expired");
  /** Keys deleted per statement when forgetting: short statements, no long lock. */
  static final int FORGET_BATCH = 1_000;

  /** A keyed request: whose, which key, what operation, and a fingerprint of its body. */
  public record Keyed(UUID userId, String key, String operation, String fingerprint) {
    public static Keyed of(UUID userId, String key, String operation, String canonicalRequest) {
      return new Keyed(userId, key, operation, IdempotencyKeys.fingerprint(operation, canonicalRequest));
    }
  }

  private final Pool pool;
  private final PgTransactions transactions;

  public IdempotencyKeys(Pool pool, PgTransactions transactions) {
    this.pool = pool;
    this.transactions = transactions;
  }

  /**
   * With a {@code key}: {@link #once}. Without one: {@code work} in a transaction of its own, rolled
   * back when its outcome is a refusal (which is then simply answered); a failure stays a failure.
   * Both run with the request's deadline ({@link PgTransactions}).
   */
  public Future<Outcome> onceIfKeyed(UUID userId, String key, String operation, String canonicalRequest,
      Function<SqlConnection, Future<Outcome>> work) {
    if (key != null) {
      return once(Keyed.of(userId, key, operation, canonicalRequest), work);
    }
    return transactions.run(tx -> work.apply(tx)
            .compose(o -> o.succeeded() ? Future.succeededFuture(o) : Future.failedFuture(o.problem())))
        .recover(failure -> failure instanceof ApiException api && api.code() != ErrorCode.UNAVAILABLE
            ? Future.succeededFuture(Outcome.failure(api))
            : Future.failedFuture(failure));
  }

  /**
   * Runs {@code work} once per key: in one transaction with the claim of the key and the stored
   * outcome (problems included). A replay gets the stored outcome; a different request under the
   * same key gets IDEMPOTENCY_KEY_REUSED.
   */
  public Future<Outcome> once(Keyed request, Function<SqlConnection, Future<Outcome>> work) {
    return transactions.run(tx -> tx.preparedQuery(CLAIM).execute(claimParams(request)).compose(claimed -> {
      if (claimed.rowCount() == 1) {
        return work.apply(tx).compose(outcome -> tx.preparedQuery(STORE)
            .execute(Tuple.of(request.userId(), request.key(), outcome.status(), outcome.toStored()))
            .map(stored -> outcome));
      }
      return stored(tx, request).map(found -> found.orElseThrow(() ->
          ApiException.unavailable("idempotency key " + request.key() + " is being processed; retry")));
    }));
  }

  /** The stored outcome of an earlier request with this key, if any (for replays ahead of the work). */
  public Future<Optional<Outcome>> lookup(Keyed request) {
    return stored(pool, request);
  }

  private Future<Optional<Outcome>> stored(SqlClient client, Keyed request) {
    return client.preparedQuery(FIND).execute(Tuple.of(request.userId(), request.key())).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      if (!request.operation().equals(row.getString("operation"))
          || !request.fingerprint().equals(row.getString("request_hash"))) {
        return Optional.of(Outcome.failure(new ApiException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
            "Idempotency-Key " + request.key() + " was used for a different request")));
      }
      int status = row.getInteger("response_status");
      if (status == 0) {
        return Optional.empty(); // claimed by a transaction that has not committed: not a result yet
      }
      DomainMetrics.idempotentReplays();
      return Optional.of(Outcome.fromStored(status, (JsonObject) row.getValue("response_body")));
    });
  }

  /**
   * Deletes the keys past their 24 h (which claim and find ignore already), batch by batch; the
   * number deleted. Run off the request path, on a timer: the table would otherwise grow forever.
   */
  public static Future<Long> forgetExpired(SqlClient client) {
    return BatchedDelete.all(client, FORGET_EXPIRED, List.of(), FORGET_BATCH);
  }

  private static Tuple claimParams(Keyed request) {
    return Tuple.of(request.userId(), request.key(), request.operation(), request.fingerprint());
  }

  static String fingerprint(String operation, String canonicalRequest) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((operation + "\n" + canonicalRequest).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
