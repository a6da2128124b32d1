package dev.concert.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.support.KafkaTopics;
import dev.concert.support.TestApp;
import dev.concert.support.TestAppExtension;
import dev.concert.support.TestApp.ActiveUser;
import dev.concert.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The outbox relay against the real Postgres and the shared Kafka broker, with topics of each test's own. */
class OutboxIntegrationTest {
  private static final Set<String> RESERVATION_FIELDS =
      Set.of("eventId", "type", "occurredAt", "reservationId", "userId", "scheduleId", "seatNumbers");
  private static final long PRICE = 10_000;

  private final String reservationTopic = KafkaTopics.unique("it-reservation-events");
  private final String paymentTopic = KafkaTopics.unique("it-payment-events");
  @RegisterExtension final TestAppExtension apps = new TestAppExtension();
  private TestApp app;
  private Vertx secondRelay;

  @AfterEach
  void stop() {
    if (secondRelay != null) {
      TestApp.await(secondRelay.close());
    }
    if (app != null) {
      TestApp.await(app.pool().query("DROP TRIGGER IF EXISTS test_refuse_mark ON outbox").execute());
    }
  }

  private TestApp start() {
    return apps.start(Map.of(
        "CONCERT_TOPIC_RESERVATIONS", reservationTopic,
        "CONCERT_TOPIC_PAYMENTS", paymentTopic,
        "CONCERT_OUTBOX_MAX_BACKOFF_MS", "1000"));
  }

  private String bootstrap() {
    return TestServices.kafkaBootstrap();
  }

  @Test
  void everyStateChangeYieldsOneOutboxRowAndOneEventOfTheApiShape() {
    app = start();
    long schedule = app.createConcert("Outbox", 50, PRICE, Duration.ofDays(10), 1)
        .getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
    List<ActiveUser> users = app.activeUsers(3);
    ActiveUser canceller = users.get(0);
    ActiveUser payer = users.get(1);
    ActiveUser sleeper = users.get(2);

    String cancelled = app.hold(canceller, schedule, List.of(1, 2));
    assertThat(app.callAndWait(HttpMethod.DELETE, "/api/v1/reservations/" + cancelled, canceller.token(), null)
        .statusCode()).isEqualTo(204);

    assertThat(app.callAndWait(HttpMethod.POST, "/api/v1/balance/charge", payer.token(),
        new JsonObject().put("amount", PRICE)).statusCode()).isEqualTo(200);
    String paid = app.hold(payer, schedule, List.of(3));
    HttpResponse<Buffer> payment = app.callAndWait(HttpMethod.POST, "/api/v1/payments", payer.token(),
        new JsonObject().put("reservationId", paid));
    assertThat(payment.statusCode()).as(payment.bodyAsString()).isEqualTo(201);

    String expired = app.hold(sleeper, schedule, List.of(4));
    // Due now: the sweeper expires it on its next tick, without a request.
    TestApp.await(app.pool().preparedQuery("UPDATE reservations SET held_until = now() - interval '1 second' WHERE id = $1")
        .execute(Tuple.of(UUID.fromString(expired))));
    TestApp.awaitCondition(() -> "EXPIRED".equals(app.callAndWait(HttpMethod.GET, "/api/v1/reservations/" + expired,
        sleeper.token(), null).bodyAsJsonObject().getString("status")), "the hold to expire");

    awaitNothingUnsent();
    Map<String, List<Row>> rows = outboxRowsByReservation();
    assertThat(rows).containsOnlyKeys(cancelled, paid, expired);
    assertThat(types(rows.get(cancelled))).containsExactly("ReservationHeld", "ReservationCancelled");
    assertThat(types(rows.get(paid))).containsExactly("ReservationHeld", "PaymentCompleted");
    assertThat(types(rows.get(expired))).containsExactly("ReservationHeld", "ReservationExpired");

    Map<String, ActiveUser> owners = Map.of(cancelled, canceller, paid, payer, expired, sleeper);
    Map<String, List<Integer>> seats = Map.of(cancelled, List.of(1, 2), paid, List.of(3), expired, List.of(4));
    Map<UUID, JsonObject> stored = new HashMap<>();
    rows.forEach((reservation, events) -> events.forEach(row -> {
      JsonObject event = (JsonObject) row.getJson("payload");
      stored.put(row.getUUID("event_id"), event);
      boolean payment1 = "PaymentCompleted".equals(row.getString("event_type"));
      String type = row.getString("event_type");
      // The hold's and the payment's events carry the places with their labels and prices too.
      Set<String> expected = payment1 ? plus(plus(RESERVATION_FIELDS, "amount"), "seats")
          : "ReservationHeld".equals(type) ? plus(RESERVATION_FIELDS, "seats") : RESERVATION_FIELDS;
      assertThat(event.fieldNames()).isEqualTo(expected);
      assertThat(event.getString("eventId")).isEqualTo(row.getUUID("event_id").toString());
      assertThat(event.getString("type")).isEqualTo(row.getString("event_type"));
      assertThat(java.time.Instant.parse(event.getString("occurredAt"))).isBefore(java.time.Instant.now());
      assertThat(event.getString("reservationId")).isEqualTo(reservation);
      assertThat(event.getString("userId")).isEqualTo(owners.get(reservation).userId().toString());
      assertThat(event.getLong("scheduleId")).isEqualTo(schedule);
      assertThat(event.getJsonArray("seatNumbers")).isEqualTo(new JsonArray(seats.get(reservation)));
      if (payment1) {
        assertThat(event.getLong("amount")).isEqualTo(PRICE);
      }
      assertThat(row.getString("topic")).isEqualTo(payment1 ? paymentTopic : reservationTopic);
    }));

    List<ConsumerRecord<String, String>> reservationEvents = KafkaTopics.readAll(bootstrap(), reservationTopic, 5);
    List<ConsumerRecord<String, String>> paymentEvents = KafkaTopics.readAll(bootstrap(), paymentTopic, 1);
    assertThat(reservationEvents).hasSize(5);
    assertThat(paymentEvents).hasSize(1);
    List<ConsumerRecord<String, String>> all = new ArrayList<>(reservationEvents);
    all.addAll(paymentEvents);
    Set<UUID> seen = new HashSet<>();
    for (ConsumerRecord<String, String> record : all) {
      JsonObject value = new JsonObject(record.value());
      UUID eventId = UUID.fromString(value.getString("eventId"));
      assertThat(seen.add(eventId)).as("event %s published once", eventId).isTrue();
      assertThat(value).isEqualTo(stored.get(eventId));
      assertThat(record.key()).isEqualTo(value.getString("reservationId"));
      assertThat(new String(record.headers().lastHeader("eventId").value(), StandardCharsets.UTF_8))
          .isEqualTo(eventId.toString());
    }
    assertThat(seen).isEqualTo(stored.keySet());
    // In order per reservation: one key, one partition, sent in commit order.
    assertThat(reservationEvents.stream().filter(r -> r.key().equals(cancelled))
        .map(r -> new JsonObject(r.value()).getString("type")).toList())
        .containsExactly("ReservationHeld", "ReservationCancelled");

    JsonObject ready = app.callAndWait(HttpMethod.GET, "/health/ready", null, null).bodyAsJsonObject();
    assertThat(ready.getString("status")).isEqualTo("UP");
    assertThat(ready.getJsonObject("checks").getJsonObject("outbox").getString("status")).isEqualTo("UP");
  }

  @Test
  void twoRelaysAtOncePublishEveryRowOnceInOrderPerKey() {
    app = start();
    secondRelay = Vertx.vertx();
    TestApp.await(secondRelay.deployVerticle(new OutboxRelayVerticle(app.config())));
    int chunks = 10;
    int perChunk = 200;
    for (int chunk = 0; chunk < chunks; chunk++) {
      // Rows arrive while both relays run, as they would from requests.
      TestApp.await(app.pool().preparedQuery(
              "INSERT INTO outbox (event_id, topic, event_key, event_type, payload) "
                  + "SELECT gen_random_uuid(), $1, 'key-' || (g % 10), 'ReservationHeld', jsonb_build_object('seq', $2::int + g) "
                  + "FROM generate_series(1, $3::int) AS g")
          .execute(Tuple.of(reservationTopic, chunk * perChunk, perChunk)));
    }
    int total = chunks * perChunk;
    awaitNothingUnsent();

    List<ConsumerRecord<String, String>> records = KafkaTopics.readAll(bootstrap(), reservationTopic, total);
    assertThat(records).hasSize(total);
    Set<String> eventIds = new HashSet<>();
    records.forEach(r -> eventIds.add(new String(r.headers().lastHeader("eventId").value(), StandardCharsets.UTF_8)));
    assertThat(eventIds).hasSize(total);
    Map<String, Integer> lastSeq = new HashMap<>();
    for (ConsumerRecord<String, String> record : records) {
      int seq = new JsonObject(record.value()).getInteger("seq");
      Integer before = lastSeq.put(record.key(), seq);
      assertThat(before == null || before < seq).as("key %s: %s after %s", record.key(), seq, before).isTrue();
    }
    long published = OutboxStatus.read(app.vertx()).getLong("publishedByThisInstance")
        + OutboxStatus.read(secondRelay).getLong("publishedByThisInstance");
    assertThat(published).isEqualTo(total);
  }

  @Test
  void anEventAcknowledgedButNotMarkedSentIsPublishedAgain() {
    app = start();
    // Marking sent fails, as if the instance died between Kafka's acknowledgement and the commit.
    TestApp.await(app.pool().query("CREATE OR REPLACE FUNCTION test_refuse_mark() RETURNS trigger LANGUAGE plpgsql "
        + "AS $$ BEGIN RAISE EXCEPTION 'simulated death before mark-sent'; END $$").execute());
    TestApp.await(app.pool().query("CREATE TRIGGER test_refuse_mark BEFORE UPDATE ON outbox "
        + "FOR EACH ROW EXECUTE FUNCTION test_refuse_mark()").execute());
    UUID eventId = UUID.randomUUID();
    TestApp.await(app.pool().preparedQuery("INSERT INTO outbox (event_id, topic, event_key, event_type, payload) "
            + "VALUES ($1, $2, 'k', 'ReservationHeld', jsonb_build_object('eventId', $1::text))")
        .execute(Tuple.of(eventId, reservationTopic)));

    List<ConsumerRecord<String, String>> first = KafkaTopics.readAll(bootstrap(), reservationTopic, 1);
    assertThat(first).isNotEmpty().allSatisfy(r -> assertThat(r.value()).contains(eventId.toString()));
    assertThat(unsent()).isEqualTo(1L);

    TestApp.await(app.pool().query("DROP TRIGGER test_refuse_mark ON outbox").execute());
    awaitNothingUnsent();
    List<ConsumerRecord<String, String>> all = KafkaTopics.readAll(bootstrap(), reservationTopic, first.size() + 1);
    assertThat(all.size()).isGreaterThan(first.size());
    assertThat(all).allSatisfy(r -> assertThat(r.value()).contains(eventId.toString()));
  }

  private long unsent() {
    return TestApp.await(app.pool().query("SELECT count(*) FROM outbox WHERE sent_at IS NULL").execute())
        .iterator().next().getLong(0);
  }

  private void awaitNothingUnsent() {
    TestApp.awaitCondition(() -> unsent() == 0, "the relay to publish every outbox row");
  }

  private Map<String, List<Row>> outboxRowsByReservation() {
    Map<String, List<Row>> byReservation = new LinkedHashMap<>();
    TestApp.await(app.pool().query("SELECT * FROM outbox ORDER BY id").execute())
        .forEach(row -> byReservation.computeIfAbsent(row.getString("event_key"), k -> new ArrayList<>()).add(row));
    return byReservation;
  }

  private static List<String> types(List<Row> rows) {
    return rows.stream().map(r -> r.getString("event_type")).toList();
  }

  private static Set<String> plus(Set<String> fields, String field) {
    Set<String> more = new HashSet<>(fields);
    more.add(field);
    return more;
  }
}
