package dev.concert.outbox;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends outbox rows to Kafka with one idempotent producer (acks=all). Sends are issued in row
 * order on one producer, and rows with the same key (reservation) go to the same partition, so a
 * reservation's events arrive in order; the idempotent producer keeps retries from reordering or
 * duplicating them inside a batch.
 */
public final class OutboxPublisher {
  /** Bounds on how long a round may wait for an absent broker (see {@link #producerConfig}). */
  static final int MAX_BLOCK_MS = 5_000;
  static final int REQUEST_TIMEOUT_MS = 5_000;
  static final int DELIVERY_TIMEOUT_MS = 10_000;
  private static final long CLOSE_TIMEOUT_MS = 2_000;

  private final KafkaProducer<String, String> producer;

  private OutboxPublisher(KafkaProducer<String, String> producer) {
    // Every send's failure reaches the round through its future; without this handler the client
    // would also report each one to the context as "unhandled".
    this.producer = producer.exceptionHandler(failure -> { });
  }

  /**
   * Builds the producer on a worker thread: the Kafka client's constructor loads and configures a
   * great deal, too slow for an event loop. No broker is contacted yet.
   */
  public static Future<OutboxPublisher> create(Vertx vertx, String bootstrap) {
    Map<String, Object> config = new HashMap<>(producerConfig(bootstrap));
    return vertx.executeBlocking(() -> new org.apache.kafka.clients.producer.KafkaProducer<String, String>(config))
        .map(producer -> new OutboxPublisher(KafkaProducer.create(vertx, producer)));
  }

  /** Idempotent, fully acknowledged, and quick to give up while the broker is away. */
  static Map<String, String> producerConfig(String bootstrap) {
    return Map.ofEntries(
        Map.entry("bootstrap.servers", bootstrap),
        Map.entry("key.serializer", "org.apache.kafka.common.serialization.StringSerializer"),
        Map.entry("value.serializer", "org.apache.kafka.common.serialization.StringSerializer"),
        Map.entry("enable.idempotence", "true"),
        Map.entry("acks", "all"),
        // At most 5 in flight keeps the order under idempotence.
        Map.entry("max.in.flight.requests.per.connection", "5"),
        Map.entry("linger.ms", "5"),
        Map.entry("compression.type", "lz4"),
        Map.entry("max.block.ms", Integer.toString(MAX_BLOCK_MS)),
        Map.entry("request.timeout.ms", Integer.toString(REQUEST_TIMEOUT_MS)),
        Map.entry("delivery.timeout.ms", Integer.toString(DELIVERY_TIMEOUT_MS)),
        Map.entry("reconnect.backoff.max.ms", "1000"),
        Map.entry("client.id", "concert-outbox-relay"));
  }

  /** The longest a {@link #publish} can take before it fails on its own. */
  static long worstCaseMillis() {
    return MAX_BLOCK_MS + DELIVERY_TIMEOUT_MS;
  }

  /** Succeeds once Kafka acknowledged every row; fails if any was not. */
  public Future<Void> publish(List<OutboxRow> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    Set<String> topics = new LinkedHashSet<>();
    rows.forEach(row -> topics.add(row.topic()));
    // Metadata first: a send to a topic whose metadata is unknown blocks the producer's thread up to
    // max.block.ms, once per record. Asking once per topic makes an absent broker cost one wait.
    return Future.all(topics.stream().map(producer::partitionsFor).toList())
        .compose(known -> Future.all(rows.stream().map(row -> producer.send(record(row))).toList()))
        .mapEmpty();
  }

  static KafkaProducerRecord<String, String> record(OutboxRow row) {
    return KafkaProducerRecord.create(row.topic(), row.key(), row.payload())
        .addHeader("eventId", row.eventId().toString())
        .addHeader("type", row.type());
  }

  public Future<Void> close() {
    return producer.close(CLOSE_TIMEOUT_MS);
  }
}
