package dev.concert.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OutboxPublisherTest {

  @Test
  void theProducerIsIdempotentFullyAcknowledgedAndGivesUpInBoundedTime() {
    Map<String, String> config = OutboxPublisher.producerConfig("127.0.0.1:9092");
    assertThat(config).containsEntry("enable.idempotence", "true").containsEntry("acks", "all");
    assertThat(Integer.parseInt(config.get("max.in.flight.requests.per.connection"))).isLessThanOrEqualTo(5);
    int delivery = Integer.parseInt(config.get("delivery.timeout.ms"));
    int request = Integer.parseInt(config.get("request.timeout.ms"));
    int linger = Integer.parseInt(config.get("linger.ms"));
    // Kafka refuses a delivery timeout below linger + request timeout.
    assertThat(delivery).isGreaterThanOrEqualTo(linger + request);
    assertThat(OutboxPublisher.worstCaseMillis()).isLessThan(30_000);
  }

  @Test
  void aRowIsSentToItsTopicKeyedByReservationWithItsJsonAsValue() {
    UUID eventId = UUID.randomUUID();
    OutboxRow row = new OutboxRow(7, eventId, "reservation-events", "res-1", "ReservationHeld", "{\"type\":\"ReservationHeld\"}");
    KafkaProducerRecord<String, String> record = OutboxPublisher.record(row);
    assertThat(record.topic()).isEqualTo("reservation-events");
    assertThat(record.key()).isEqualTo("res-1");
    assertThat(record.value()).isEqualTo("{\"type\":\"ReservationHeld\"}");
    assertThat(record.headers()).anySatisfy(h -> {
      assertThat(h.key()).isEqualTo("eventId");
      assertThat(h.value().toString()).isEqualTo(eventId.toString());
    });
  }
}
