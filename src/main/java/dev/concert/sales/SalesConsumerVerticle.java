package dev.concert.sales;

import dev.concert.config.AppConfig;
import dev.concert.infra.PgClients;
import dev.concert.outbox.RelayBackoff;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the per-schedule sales summary from the PaymentCompleted events on the payments topic.
 * Poll, apply the batch in one Postgres transaction (each event applied once,
 * keyed by its reservation and type, see {@link SalesLedger}), then commit the
 * offsets: a crash in between redelivers the batch, which the deduplication absorbs. A failed
 * batch rewinds to its first offsets and is retried with backoff. One per process; instances
 * share the work through the consumer group.
 */
public final class SalesConsumerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SalesConsumerVerticle.class);
  static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

  private final AppConfig config;
  private KafkaConsumer<String, String> consumer;
  private SalesLedger ledger;
  private RelayBackoff backoff;
  private boolean stopped;
  private int failures;

  public SalesConsumerVerticle(AppConfig config) {
    this.config = config;
  }

  static Map<String, String> consumerConfig(String bootstrap, String group) {
    return Map.of(
        "bootstrap.servers", bootstrap,
        "group.id", group,
        "client.id", "concert-sales",
        "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
        "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
        // Offsets are committed only after the batch is in Postgres.
        "enable.auto.commit", "false",
        // A new group starts from the oldest retained event, so no sale is missed; what it has
        // applied before changes nothing (SalesLedger's claims never expire).
        "auto.offset.reset", "earliest",
        "max.poll.records", "500",
        "reconnect.backoff.max.ms", "1000");
  }

  @Override
  public Future<?> start() {
    ledger = new SalesLedger(PgClients.pool(vertx, config));
    backoff = new RelayBackoff(config.outboxIntervalMillis(), config.outboxMaxBackoffMillis());
    Map<String, Object> settings = new HashMap<>(consumerConfig(config.kafkaBootstrap(), config.salesConsumerGroup()));
    // Built on a worker (the client's constructor is slow for an event loop); subscribing needs no
    // broker, so start-up never waits on Kafka.
    return vertx.executeBlocking(() -> new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(settings))
        .compose(created -> {
          consumer = KafkaConsumer.create(vertx, created);
          return consumer.subscribe(config.paymentTopic());
        })
        .onSuccess(subscribed -> pollNext());
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    return consumer == null ? Future.succeededFuture() : consumer.close();
  }

  private void pollNext() {
    if (stopped) {
      return;
    }
    consumer.poll(POLL_TIMEOUT)
        .compose(records -> handle(records).recover(failure -> rewind(records).transform(rewound -> Future.failedFuture(failure))))
        .onComplete(done -> {
          if (failures > 0) {
            LOG.info("sales consumer works again, after {} failed batch(es)", failures);
          }
          failures = 0;
          pollNext();
        }, failure -> {
          failures++;
          if (failures == 1) {
            LOG.warn("sales consumer failed to apply a batch ({}); retrying with backoff, logged once", failure.toString());
          }
          if (!stopped) {
            vertx.setTimer(backoff.afterFailures(failures), id -> pollNext());
          }
        });
  }

  private Future<Void> handle(KafkaConsumerRecords<String, String> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Sale> sales = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      KafkaConsumerRecord<String, String> record = records.recordAt(i);
      try {
        Sale.fromEvent(record.value()).ifPresent(sales::add);
      } catch (IllegalArgumentException e) {
        // A value that can never be applied would block the partition for good: skip it, loudly.
        LOG.warn("skipping malformed event {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
      }
    }
    return ledger.apply(sales).compose(applied -> consumer.commit());
  }

  /** Back to the first record of each partition in the failed batch, so the next poll retries it. */
  private Future<Void> rewind(KafkaConsumerRecords<String, String> records) {
    Map<TopicPartition, Long> first = new HashMap<>();
    for (int i = 0; i < records.size(); i++) {
      KafkaConsumerRecord<String, String> r = records.recordAt(i);
      first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
    }
    return Future.all(first.entrySet().stream().map(e -> consumer.seek(e.getKey(), e.getValue())).toList())
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }
}
