package dev.concert.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads and writes Kafka topics from a test thread (blocking, plain Kafka clients, no consumer
 * group). Topic names are unique per test, since the broker is shared by every run on the machine.
 */
public final class KafkaTopics {
  private KafkaTopics() {}

  public static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  /**
   * Every record of {@code topic}, from the beginning to the end offsets as they stand once at
   * least {@code atLeast} records exist (polls until then, 60 s at most). Reading to the end makes
   * a duplicate show up instead of hiding behind the count.
   */
  public static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic, int atLeast) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(bootstrap))) {
      List<TopicPartition> partitions = partitions(consumer, topic, deadline);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      while (true) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long total = end.values().stream().mapToLong(Long::longValue).sum();
        boolean atEnd = partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
        if (total >= atLeast && atEnd) {
          return records;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("topic " + topic + " has " + total + " record(s), expected at least " + atLeast);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
  }

  /** Sends one record and waits for the broker's acknowledgement. */
  public static void send(String bootstrap, String topic, String key, String value) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("sending to " + topic + " failed: " + e.getMessage(), e);
    }
  }

  private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, String topic, long deadline) {
    while (true) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
      if (infos != null && !infos.isEmpty()) {
        return infos.stream().map(i -> new TopicPartition(topic, i.partition())).collect(Collectors.toList());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("topic " + topic + " does not exist");
      }
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  private static Properties consumerProps(String bootstrap) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // Reading a topic must not create it (auto-creation would hide a relay that never published).
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    return props;
  }
}
