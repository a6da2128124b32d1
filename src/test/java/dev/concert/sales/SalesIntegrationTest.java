package dev.concert.sales;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.config.AppConfig;
import dev.concert.outbox.DomainEvent;
import dev.concert.outbox.EventType;
import dev.concert.support.KafkaTopics;
import dev.concert.support.Shop;
import dev.concert.support.TestApp;
import dev.concert.support.TestAppExtension;
import dev.concert.support.TestApp.ActiveUser;
import dev.concert.support.TestServices;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sales summary, fed by PaymentCompleted and ReservationRefunded events from the real broker,
 * counts each once: redelivered, or re-read from the topic's start by a new consumer group.
 */
class SalesIntegrationTest {
  private static final long PRICE = 10_000;
  private final String paymentTopic = KafkaTopics.unique("it-payment-events");
  @RegisterExtension final TestAppExtension apps = new TestAppExtension();
  private TestApp app;

  @Test
  void aPaymentIsCountedOnceEvenWhenItsEventIsDeliveredTwice() {
    app = apps.start(Map.of(
        "CONCERT_TOPIC_RESERVATIONS", KafkaTopics.unique("it-reservation-events"),
        "CONCERT_TOPIC_PAYMENTS", paymentTopic));
    long schedule = app.createConcert("Sales", 50, PRICE, Duration.ofDays(10), 1)
        .getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
    ActiveUser user = app.activeUser();
    assertThat(app.callAndWait(HttpMethod.POST, "/api/v1/balance/charge", user.token(),
        new JsonObject().put("amount", 2 * PRICE)).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> held = app.callAndWait(HttpMethod.POST, "/api/v1/reservations", user.token(),
        new JsonObject().put("scheduleId", schedule).put("seatNumbers", new JsonArray(List.of(5, 6))));
    assertThat(held.statusCode()).as(held.bodyAsString()).isEqualTo(201);
    String reservation = held.bodyAsJsonObject().getString("reservationId");
    assertThat(app.callAndWait(HttpMethod.POST, "/api/v1/payments", user.token(),
        new JsonObject().put("reservationId", reservation)).statusCode()).isEqualTo(201);

    SalesLedger ledger = new SalesLedger(app.pool());
    SalesLedger.Summary once = new SalesLedger.Summary(schedule, 2, 2 * PRICE, 1);
    TestApp.awaitCondition(() -> TestApp.await(ledger.find(schedule)).equals(Optional.of(once)),
        "the payment to reach the sales summary");

    // The same event again, as after a relay that died before marking it sent...
    Row paid = TestApp.await(app.pool().preparedQuery(
            "SELECT payload::text AS payload FROM outbox WHERE event_key = $1 AND event_type = 'PaymentCompleted'")
        .execute(Tuple.of(reservation))).iterator().next();
    String bootstrap = TestServices.kafkaBootstrap();
    KafkaTopics.send(bootstrap, paymentTopic, reservation, paid.getString("payload"));
    // ...then a marker behind it on the same partition (same key): once the marker counts, so did the duplicate.
    long markerSchedule = schedule + 1_000_000;
    DomainEvent marker = DomainEvent.of(EventType.PaymentCompleted, Instant.now(), UUID.randomUUID(),
        user.userId(), markerSchedule, List.of(1), 1L);
    KafkaTopics.send(bootstrap, paymentTopic, reservation, marker.toJson().encode());
    TestApp.awaitCondition(() -> TestApp.await(ledger.find(markerSchedule)).isPresent(), "the marker to be counted");

    assertThat(TestApp.await(ledger.find(schedule))).contains(once);
    assertThat(app.count("SELECT count(*) FROM sales_applied")).isEqualTo(2L);
  }

  @Test
  void aFreshConsumerGroupRereadingTheTopicLongAfterChangesNothing() {
    app = apps.start(Map.of("CONCERT_TOPIC_PAYMENTS", paymentTopic));
    Shop shop = new Shop(app);
    long schedule = shop.schedule(20, PRICE, Duration.ofDays(6));
    shop.buy(schedule, List.of(1, 2), PRICE);
    Shop.Bought refunded = shop.buy(schedule, List.of(3), PRICE);
    assertThat(TestApp.await(shop.refund(refunded.user(), refunded.reservationId(), null)).statusCode()).isEqualTo(200);
    SalesLedger ledger = new SalesLedger(app.pool());
    SalesLedger.Summary report = new SalesLedger.Summary(schedule, 2, 2 * PRICE, 2);
    TestApp.awaitCondition(() -> TestApp.await(ledger.find(schedule)).equals(Optional.of(report)),
        "the payments and the refund to reach the sales summary");
    List<ConsumerRecord<String, String>> events = KafkaTopics.readAll(TestServices.kafkaBootstrap(), paymentTopic, 3);

    // Days later: whatever the consumer kept to deduplicate by age is gone (the outbox pruner
    // deleted processed events after 24 h), and a new consumer group reads the topic from its start.
    TestApp.await(app.pool().query("DELETE FROM processed_events").execute());
    String freshGroup = "test-sales-reread-" + UUID.randomUUID();
    AppConfig reread = AppConfig.from(TestApp.environment(Map.of(
        "CONCERT_TOPIC_PAYMENTS", paymentTopic, "CONCERT_SALES_CONSUMER_GROUP", freshGroup)));
    TestApp.await(app.vertx().deployVerticle(new SalesConsumerVerticle(reread)));
    TestApp.awaitCondition(() -> committedPast(freshGroup, events), "the fresh group to re-read every event");

    assertThat(TestApp.await(ledger.find(schedule))).contains(report);
  }

  /** Whether {@code group} has committed offsets past every one of {@code events} (so applied them). */
  private static boolean committedPast(String group, List<ConsumerRecord<String, String>> events) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.kafkaBootstrap()))) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      return events.stream().allMatch(event -> {
        OffsetAndMetadata offset = committed.get(new TopicPartition(event.topic(), event.partition()));
        return offset != null && offset.offset() > event.offset();
      });
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void theLedgerAppliesAnEventOnceWithinABatchAndAcrossBatches() {
    app = apps.start(Map.of("CONCERT_TOPIC_PAYMENTS", paymentTopic));
    SalesLedger ledger = new SalesLedger(app.pool());
    Sale a = new Sale(UUID.randomUUID(), 77, 2, 30_000);
    Sale b = new Sale(UUID.randomUUID(), 77, 1, 15_000);
    TestApp.await(ledger.apply(List.of(a, a, b)));
    TestApp.await(ledger.apply(List.of(b, a)));
    assertThat(TestApp.await(ledger.find(77))).contains(new SalesLedger.Summary(77, 3, 45_000, 2));
  }
}
