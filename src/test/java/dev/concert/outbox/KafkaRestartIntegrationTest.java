package dev.concert.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.KafkaTopics;
import dev.concert.support.PurchaseLoad;
import dev.concert.support.RestartDrill;
import dev.concert.support.ScratchKafkaBroker;
import dev.concert.support.TestApp;
import dev.concert.support.TwoInstances;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The Kafka broker killed and started again under a purchase load on two instances: purchases go on
 * untouched (the events wait in the outbox), the relays publish again by themselves within 15 s of
 * the broker being back, and every event written reaches its topic.
 */
class KafkaRestartIntegrationTest {
  @Test
  void aBrokerRestartUnderLoadLosesNoEventAndBothRelaysComeBack() {
    String reservations = KafkaTopics.unique("it-restart-reservation-events");
    String payments = KafkaTopics.unique("it-restart-payment-events");
    try (ScratchKafkaBroker broker = ScratchKafkaBroker.create("kafka-restart")) {
      // The broker starts while the instances do (they contact Kafka only once they publish).
      CompletableFuture<Void> brokerUp = CompletableFuture.runAsync(broker::start);
      try (TwoInstances instances = TwoInstances.start(Map.of(
          "CONCERT_KAFKA_BOOTSTRAP", broker.bootstrap(),
          "CONCERT_TOPIC_RESERVATIONS", reservations,
          "CONCERT_TOPIC_PAYMENTS", payments,
          "CONCERT_MAX_SEATS_PER_USER", "1000"))) {
        TestApp first = instances.first();
        brokerUp.join();
        PurchaseLoad load = PurchaseLoad.start(instances.both(), 24);
        RestartDrill drill = new RestartDrill(instances, load);
        AtomicLong writtenBeforeBack = new AtomicLong();
        Duration back = drill.run(broker::kill,
            // One relay publishes at a time (the others find its lock taken): it is the one that fails.
            stoppedAt -> instances.both().stream().anyMatch(app -> "FAILING".equals(relay(app))),
            () -> {
              broker.start();
              writtenBeforeBack.set(first.count("SELECT coalesce(max(id), 0) FROM outbox"));
            },
            () -> first.count("SELECT count(*) FROM outbox WHERE sent_at IS NULL AND id <= $1", writtenBeforeBack.get()) == 0
                && instances.both().stream().allMatch(app -> "OK".equals(relay(app))));
        LoggerFactory.getLogger(getClass()).info("publishing again {} ms after the broker started; answers: {}",
            back.toMillis(), load.summary());
        drill.checkAfterwards();

        TestApp.awaitCondition(() -> first.count("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0,
            "the outbox to drain");
        Set<String> written = new HashSet<>();
        TestApp.await(first.pool().query("SELECT event_id::text FROM outbox").execute())
            .forEach(row -> written.add(row.getString(0)));
        Set<String> published = new HashSet<>();
        for (String topic : new String[] {reservations, payments}) {
          long inTopic = first.count("SELECT count(*) FROM outbox WHERE topic = $1", topic);
          KafkaTopics.readAll(broker.bootstrap(), topic, (int) inTopic)
              .forEach(r -> published.add(new JsonObject(r.value()).getString("eventId")));
        }
        assertThat(published).isEqualTo(written);
      }
    }
  }

  /** The relay's state in the instance's readiness details: OK or FAILING. */
  private static String relay(TestApp app) {
    return app.operatorGet("/health/ready").bodyAsJsonObject().getJsonObject("checks").getJsonObject("outbox")
        .getString("relay");
  }
}
