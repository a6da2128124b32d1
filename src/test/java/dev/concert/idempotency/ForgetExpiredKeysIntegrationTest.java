package dev.concert.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.config.AppConfig;
import dev.concert.infra.PgClients;
import dev.concert.support.TestApp;
import dev.concert.support.TestApp.ActiveUser;
import dev.concert.support.TestAppExtension;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Keys are kept 24 h, then deleted in batches: the table no longer grows forever. */
class ForgetExpiredKeysIntegrationTest {
  @RegisterExtension final TestAppExtension apps = new TestAppExtension();

  private static long balanceAfter(HttpResponse<Buffer> charged) {
    assertThat(charged.statusCode()).as(charged.bodyAsString()).isEqualTo(200);
    return charged.bodyAsJsonObject().getLong("balance");
  }

  @Test
  void keysPastTheirDayAreDeletedInBatchesAndYoungOnesStay() {
    TestApp app = apps.start(Map.of());
    ActiveUser user = app.activeUser();
    assertThat(balanceAfter(TestApp.await(app.charge(user, 100, "old")))).isEqualTo(100);
    assertThat(balanceAfter(TestApp.await(app.charge(user, 100, "young")))).isEqualTo(200);
    // Before: a replay answers the first result and charges nothing.
    assertThat(balanceAfter(TestApp.await(app.charge(user, 100, "old")))).as("replayed").isEqualTo(100);
    // "old" was made 25 h ago; more such keys of other users than one batch, to go through the batching.
    app.count("WITH aged AS (UPDATE idempotency_keys SET created_at = now() - interval '25 hours' "
        + "WHERE user_id = $1 AND idempotency_key = 'old' RETURNING 1) SELECT count(*) FROM aged", user.userId());
    int others = IdempotencyKeys.FORGET_BATCH * 2 + 7;
    app.count("WITH made AS (INSERT INTO idempotency_keys (user_id, idempotency_key, operation, request_hash, "
        + "response_status, response_body, created_at) SELECT gen_random_uuid(), 'k', 'charge', 'h', 200, '{}', "
        + "now() - interval '24 hours 1 minute' FROM generate_series(1, " + others + ") RETURNING 1) SELECT count(*) FROM made");

    assertThat(TestApp.await(IdempotencyKeys.forgetExpired(app.pool()))).isEqualTo(others + 1L);

    assertThat(app.count("SELECT count(*) FROM idempotency_keys")).isEqualTo(1);
    assertThat(app.count("SELECT count(*) FROM idempotency_keys WHERE idempotency_key = 'young'")).isEqualTo(1);
    assertThat(TestApp.await(IdempotencyKeys.forgetExpired(app.pool()))).isZero();
    // After: the young key still replays; the forgotten one is a new charge.
    assertThat(balanceAfter(TestApp.await(app.charge(user, 100, "young")))).as("replayed").isEqualTo(200);
    assertThat(balanceAfter(TestApp.await(app.charge(user, 100, "old")))).as("charged anew").isEqualTo(300);
  }

  @Test
  void aRunningInstanceForgetsThemOnItsPruningTimer() {
    AppConfig config = AppConfig.from(TestApp.environment(Map.of()));
    TestApp.reset(config);
    // The keys are there before the instance starts, so its first pruning round (10 s in) finds them.
    Vertx vertx = Vertx.vertx();
    try {
      TestApp.await(PgClients.pool(vertx, config).query("INSERT INTO idempotency_keys (user_id, idempotency_key, "
          + "operation, request_hash, response_status, response_body, created_at) VALUES "
          + "(gen_random_uuid(), 'old', 'charge', 'h', 200, '{}', now() - interval '25 hours'), "
          + "(gen_random_uuid(), 'young', 'charge', 'h', 200, '{}', now() - interval '23 hours')").execute());
    } finally {
      TestApp.await(vertx.close());
    }
    TestApp app = apps.resume(config);
    TestApp.awaitCondition(() -> app.count("SELECT count(*) FROM idempotency_keys WHERE idempotency_key = 'old'") == 0,
        "the pruning timer to forget the old key");
    assertThat(app.count("SELECT count(*) FROM idempotency_keys WHERE idempotency_key = 'young'")).isEqualTo(1);
  }
}
