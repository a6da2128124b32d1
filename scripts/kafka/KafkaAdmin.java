import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Tiny Kafka admin helper for scripts/services.sh, run with the broker's own jars on the class path.
 *   list                       print the topic names (one a line); fails if the broker does not answer
 *   create PARTITIONS TOPIC..  create the topics that are missing (replication factor 1)
 *   selftest                   produce one record in a transaction to a scratch topic and read it back
 * Bootstrap servers: env KAFKA_BOOTSTRAP (default 127.0.0.1:9092).
 */
public class KafkaAdmin {
  public static void main(String[] args) throws Exception {
    String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    if (args.length == 0) {
      usage();
    }
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    switch (args[0]) {
      case "list" -> {
        try (Admin admin = Admin.create(p)) {
          admin.listTopics().names().get(20, TimeUnit.SECONDS).stream().sorted().forEach(System.out::println);
        }
      }
      case "create" -> {
        if (args.length < 3) {
          usage();
        }
        int partitions = Integer.parseInt(args[1]);
        try (Admin admin = Admin.create(p)) {
          Set<String> existing = admin.listTopics().names().get(20, TimeUnit.SECONDS);
          List<NewTopic> missing = new ArrayList<>();
          for (int i = 2; i < args.length; i++) {
            if (!existing.contains(args[i])) {
              missing.add(new NewTopic(args[i], partitions, (short) 1));
            }
          }
          for (var e : admin.createTopics(missing).values().entrySet()) {
            try {
              e.getValue().get(20, TimeUnit.SECONDS);
              System.out.println("created " + e.getKey());
            } catch (ExecutionException ex) {
              if (!(ex.getCause() instanceof TopicExistsException)) {
                throw ex;
              }
            }
          }
        }
      }
      case "selftest" -> selftest(bootstrap);
      default -> usage();
    }
  }

  private static void selftest(String bootstrap) throws Exception {
    String topic = "services-selftest";
    String value = UUID.randomUUID().toString();
    Properties pp = new Properties();
    pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    pp.put(ProducerConfig.ACKS_CONFIG, "all");
    pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    pp.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "services-selftest-" + value);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", value)).get(30, TimeUnit.SECONDS);
      producer.commitTransaction();
    }
    Properties cp = new Properties();
    cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    cp.put(ConsumerConfig.GROUP_ID_CONFIG, "services-selftest-" + value);
    cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    cp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp)) {
      consumer.subscribe(List.of(topic));
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          if (value.equals(r.value())) {
            System.out.println("selftest ok: one record produced in a transaction and consumed (read_committed) on " + topic);
            return;
          }
        }
      }
    }
    System.err.println("selftest failed: record not consumed within 30 s");
    System.exit(1);
  }

  private static void usage() {
    System.err.println("usage: KafkaAdmin list | create PARTITIONS TOPIC... | selftest");
    System.exit(2);
  }
}
