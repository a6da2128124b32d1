package dev.concert.seats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.concert.config.AppConfig;
import dev.concert.support.EventStreamClient;
import dev.concert.support.EventStreamClient.Event;
import dev.concert.support.TestApp;
import dev.concert.support.TestApp.ActiveUser;
import dev.concert.support.TestAppExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Seat streams of a big date against real Redis and Postgres, across two instances: a section's
 * stream sees only its places; the stream without a section carries section counts that move
 * with holds, only the changed sections, at most one event a second.
 */
class SectionStreamIntegrationTest {
  @RegisterExtension
  final TestAppExtension apps = new TestAppExtension();

  /** The venue date: "A" places 1-10, "B" 11-20 (two rows of 5 each), "Floor" 2,000 standing (21-2020). */
  private record Date(long scheduleId, long a, long b, long floor) {}

  private static Date bigDate(TestApp app) {
    JsonArray rows = new JsonArray().add(new JsonObject().put("label", "1").put("seats", 5))
        .add(new JsonObject().put("label", "2").put("seats", 5));
    JsonArray sections = new JsonArray()
        .add(new JsonObject().put("name", "A").put("kind", "SEATED").put("rows", rows))
        .add(new JsonObject().put("name", "B").put("kind", "SEATED").put("rows", rows))
        .add(new JsonObject().put("name", "Floor").put("kind", "STANDING").put("capacity", 2_000));
    HttpResponse<Buffer> venue = TestApp.await(app.client().post("/api/v1/admin/venues").putHeader("Admin-Key", TestApp.ADMIN_KEY)
        .sendJsonObject(new JsonObject().put("name", "Big").put("sections", sections)));
    assertThat(venue.statusCode()).as(venue.bodyAsString()).isEqualTo(201);
    JsonArray ids = venue.bodyAsJsonObject().getJsonArray("sections");
    JsonObject date = new JsonObject().put("startsAt", Instant.now().plus(Duration.ofDays(20)).truncatedTo(ChronoUnit.SECONDS).toString())
        .put("venueId", venue.bodyAsJsonObject().getLong("venueId")).put("grades", new JsonArray()
            .add(new JsonObject().put("name", "All").put("price", 1_000).put("sections", new JsonArray().add("A").add("B").add("Floor"))));
    HttpResponse<Buffer> created = TestApp.await(app.client().post("/api/v1/admin/concerts").putHeader("Admin-Key", TestApp.ADMIN_KEY)
        .sendJsonObject(new JsonObject().put("title", "Big night").put("schedules", new JsonArray().add(date))));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return new Date(created.bodyAsJsonObject().getJsonArray("schedules").getJsonObject(0).getLong("scheduleId"),
        ids.getJsonObject(0).getLong("sectionId"), ids.getJsonObject(1).getLong("sectionId"),
        ids.getJsonObject(2).getLong("sectionId"));
  }

  private static String path(long schedule) {
    return "/api/v1/schedules/" + schedule + "/seats/events";
  }

  /** Applies a {@code sections} event to the counts seen so far. */
  private static void apply(Map<Long, Integer> counts, Event event) {
    JsonArray items = event.data().getJsonArray("items");
    for (int i = 0; i < items.size(); i++) {
      counts.put(items.getJsonObject(i).getLong("sectionId"), items.getJsonObject(i).getInteger("available"));
    }
  }

  @Test
  void theSectionCountsMoveWithHoldsOnTwoSectionsOnlyTheChangedOnesAtMostOneEventASecond() {
    TestApp first = apps.start();
    TestApp second = apps.resume(AppConfig.from(TestApp.environment(Map.of())));
    Date date = bigDate(first);
    ActiveUser watcher = second.activeUser();
    try (EventStreamClient stream = EventStreamClient.open(second.vertx(), second.port(), path(date.scheduleId()),
        watcher.token(), true)) {
      assertThat(stream.status()).isEqualTo(200);
      Event whole = stream.next(10_000);
      assertThat(whole.name()).isEqualTo("sections");
      assertThat(whole.data().getLong("scheduleId")).isEqualTo(date.scheduleId());
      Map<Long, Integer> counts = new HashMap<>();
      apply(counts, whole);
      assertThat(counts).isEqualTo(Map.of(date.a(), 10, date.b(), 10, date.floor(), 2_000));
      assertThat(whole.data().getJsonArray("items").getJsonObject(0).getString("name")).isEqualTo("A");

      // Holds on two sections, made on the other instance.
      ActiveUser buyer = first.activeUser();
      first.hold(buyer, date.scheduleId(), List.of(1, 2));
      first.hold(first.activeUser(), date.scheduleId(), List.of(11));
      List<Event> changes = new ArrayList<>();
      while (!(counts.get(date.a()) == 8 && counts.get(date.b()) == 9)) {
        Event event = stream.next(10_000);
        assertThat(event.name()).isEqualTo("sections");
        changes.add(event);
        apply(counts, event);
      }
      // Only the sections whose count moved.
      assertThat(changes).allSatisfy(event -> assertThat(event.data().getJsonArray("items"))
          .allSatisfy(item -> assertThat(((JsonObject) item).getLong("sectionId")).isIn(date.a(), date.b())));
      assertThat(counts.get(date.floor())).isEqualTo(2_000);

      // A burst of holds, one after another: events are coalesced, never more than one a second.
      long burstStart = System.nanoTime();
      List<Event> burst = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        first.hold(first.activeUser(), date.scheduleId(), List.of(21 + i));
      }
      while (counts.get(date.floor()) != 1_970) {
        Event event = stream.next(10_000);
        burst.add(event);
        apply(counts, event);
      }
      long elapsedMillis = (burst.get(burst.size() - 1).receivedNanos() - burstStart) / 1_000_000;
      assertThat(burst.size()).as("%d events in %d ms", burst.size(), elapsedMillis)
          .isLessThanOrEqualTo((int) (elapsedMillis / 1_000) + 1);
      for (int i = 1; i < burst.size(); i++) {
        assertThat((burst.get(i).receivedNanos() - burst.get(i - 1).receivedNanos()) / 1_000_000)
            .as("between events %d and %d", i - 1, i).isGreaterThan(500);
      }

      // A second stream of the same date joins with the counts as they are now.
      try (EventStreamClient late = EventStreamClient.open(second.vertx(), second.port(), path(date.scheduleId()),
          second.activeUser().token(), true)) {
        Map<Long, Integer> joined = new HashMap<>();
        apply(joined, late.next(10_000));
        assertThat(joined).isEqualTo(counts);
      }
    }
  }

  @Test
  void aSectionsStreamSeesOnlyItsSectionsPlaces() {
    TestApp first = apps.start();
    TestApp second = apps.resume(AppConfig.from(TestApp.environment(Map.of())));
    Date date = bigDate(first);
    ActiveUser watcher = second.activeUser();
    try (EventStreamClient stream = EventStreamClient.open(second.vertx(), second.port(),
        path(date.scheduleId()) + "?section=" + date.a(), watcher.token(), true)) {
      assertThat(stream.status()).isEqualTo(200);
      Event snapshot = stream.next(10_000);
      assertThat(snapshot.name()).isEqualTo("snapshot");
      JsonArray items = snapshot.data().getJsonArray("items");
      assertThat(items).hasSize(10).allSatisfy(item -> assertThat(((JsonObject) item).getString("section")).isEqualTo("A"));

      // Another section's hold first, then this one's: only this one's comes.
      first.hold(first.activeUser(), date.scheduleId(), List.of(12));
      first.hold(first.activeUser(), date.scheduleId(), List.of(25));
      first.hold(first.activeUser(), date.scheduleId(), List.of(3));
      Event change = stream.next(10_000);
      assertThat(change.name()).isEqualTo("seats");
      assertThat(change.data().getJsonArray("changes")).isEqualTo(new JsonArray()
          .add(new JsonObject().put("seatNumber", 3).put("status", "HELD")));
      // And a last one of this section: nothing of the others came in between.
      first.hold(first.activeUser(), date.scheduleId(), List.of(13, 10));
      Event last = stream.next(10_000);
      assertThat(last.data().getJsonArray("changes")).isEqualTo(new JsonArray()
          .add(new JsonObject().put("seatNumber", 10).put("status", "HELD")));
    }
    try (EventStreamClient unknown = EventStreamClient.open(second.vertx(), second.port(),
        path(date.scheduleId()) + "?section=999999", watcher.token(), true)) {
      assertThat(unknown.status()).isEqualTo(404);
    }
  }
}
