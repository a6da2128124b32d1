package dev.concert.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.KafkaTopics;
import dev.concert.support.ScratchKafkaBroker;
import dev.concert.support.TestApp;
import dev.concert.support.TestApp.ActiveUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Kafka away for a while: a broker of the test's own (so the shared one is untouched) is killed,
 * holds still succeed and pile up in the outbox, readiness stays UP showing the backlog and the
 * failing relay (also while another relay holds the relay lock), and the backlog drains once the
 * broker is back.
 */
class OutboxOutageIntegrationTest {
  private static final int HOLDS_DURING_OUTAGE = 5;

  @Test
  void requestsWorkWhileKafkaIsDownAndTheBacklogDrainsWhenItIsBack() {
    String topic = KafkaTopics.unique("it-outage-reservation-events");
    try (ScratchKafkaBroker broker = ScratchKafkaBroker.create("kafka-outage")) {
      broker.start();
      TestApp app = TestApp.start(Map.of(
          "CONCERT_KAFKA_BOOTSTRAP", broker.bootstrap(),
          "CONCERT_TOPIC_RESERVATIONS", topic,
          "CONCERT_TOPIC_PAYMENTS", KafkaTopics.unique("it-outage-payment-events"),
          "CONCERT_OUTBOX_MAX_BACKOFF_MS", "1000"));
      try {
        long schedule = app.createConcert("Outage", 50, 1_000, Duration.ofDays(10), 1)
            .getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
        List<ActiveUser> users = app.activeUsers(HOLDS_DURING_OUTAGE + 1);
        hold(app, users.get(0), schedule, 1);
        TestApp.awaitCondition(() -> unsent(app) == 0, "the first event to be published");

        broker.kill();
        for (int i = 1; i <= HOLDS_DURING_OUTAGE; i++) {
          hold(app, users.get(i), schedule, i + 1);
        }
        assertThat(unsent(app)).isEqualTo(HOLDS_DURING_OUTAGE);
        TestApp.awaitCondition(() -> {
          HttpResponse<Buffer> ready = app.operatorGet("/health/ready");
          JsonObject outbox = ready.bodyAsJsonObject().getJsonObject("checks").getJsonObject("outbox");
          return ready.statusCode() == 200 && outbox.getLong("backlog", -1L) == HOLDS_DURING_OUTAGE
              && "FAILING".equals(outbox.getString("relay"));
        }, "readiness to stay UP and show the backlog and the failing relay");
        assertThat(relayWhileAnotherLeads(app)).as("a round another relay led says nothing about Kafka").isEqualTo("FAILING");

        broker.start();
        TestApp.awaitCondition(() -> unsent(app) == 0, "the backlog to drain");
        TestApp.awaitCondition(() -> {
          JsonObject outbox = app.operatorGet("/health/ready").bodyAsJsonObject()
              .getJsonObject("checks").getJsonObject("outbox");
          return outbox.getLong("backlog", -1L) == 0 && "OK".equals(outbox.getString("relay"));
        }, "readiness to show the drained backlog");

        List<ConsumerRecord<String, String>> records = KafkaTopics.readAll(broker.bootstrap(), topic, HOLDS_DURING_OUTAGE + 1);
        Set<String> published = new HashSet<>();
        records.forEach(r -> published.add(new JsonObject(r.value()).getString("eventId")));
        Set<String> written = new HashSet<>();
        TestApp.await(app.pool().query("SELECT event_id::text FROM outbox").execute())
            .forEach(row -> written.add(row.getString(0)));
        assertThat(written).hasSize(HOLDS_DURING_OUTAGE + 1);
        assertThat(published).isEqualTo(written);
      } finally {
        app.close();
      }
    }
  }

  /**
   * The relay's state once one of its rounds found the relay lock taken, as by another instance's
   * relay: the test holds the lock in a transaction of its own meanwhile.
   */
  private static String relayWhileAnotherLeads(TestApp app) {
    SqlConnection other = TestApp.await(app.pool().getConnection());
    try {
      TestApp.await(other.query("BEGIN").execute()
          .compose(begun -> other.query("SELECT pg_advisory_xact_lock(hashtext('concert.outbox.relay'))").execute()));
      TestApp.awaitCondition(() -> !outboxCheck(app).getBoolean("leader", true), "a relay round that finds the lock taken");
      return outboxCheck(app).getString("relay");
    } finally {
      TestApp.await(other.query("ROLLBACK").execute().eventually(other::close));
    }
  }

  private static JsonObject outboxCheck(TestApp app) {
    return app.operatorGet("/health/ready").bodyAsJsonObject().getJsonObject("checks").getJsonObject("outbox");
  }

  private static void hold(TestApp app, ActiveUser user, long schedule, int seat) {
    HttpResponse<Buffer> held = app.callAndWait(HttpMethod.POST, "/api/v1/reservations", user.token(),
        new JsonObject().put("scheduleId", schedule).put("seatNumbers", new JsonArray(List.of(seat))));
    assertThat(held.statusCode()).as(held.bodyAsString()).isEqualTo(201);
  }

  private static long unsent(TestApp app) {
    return TestApp.await(app.pool().query("SELECT count(*) FROM outbox WHERE sent_at IS NULL").execute())
        .iterator().next().getLong(0);
  }
}
