package dev.concert.seats;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a section-count event carries: only the sections whose free places moved since the last read. */
class SectionCountFeedTest {
  private static JsonObject sections(int... available) {
    JsonArray items = new JsonArray();
    for (int i = 0; i < available.length; i++) {
      items.add(new JsonObject().put("sectionId", 10 + i).put("name", "S" + i).put("available", available[i]));
    }
    return new JsonObject().put("scheduleId", 7).put("items", items);
  }

  @Test
  void aReadGivesEachSectionsFreePlacesInOrder() {
    assertThat(SectionCountFeed.counts(sections(5, 0, 2_000))).containsExactly(
        Map.entry(10L, 5), Map.entry(11L, 0), Map.entry(12L, 2_000));
  }

  @Test
  void onlyTheSectionsWhoseCountMovedAreSent() {
    Map<Long, Integer> before = SectionCountFeed.counts(sections(5, 3, 2_000));
    assertThat(SectionCountFeed.changes(before, SectionCountFeed.counts(sections(5, 1, 1_999)))).isEqualTo(new JsonArray()
        .add(new JsonObject().put("sectionId", 11L).put("available", 1))
        .add(new JsonObject().put("sectionId", 12L).put("available", 1_999)));
    assertThat(SectionCountFeed.changes(before, before)).isEmpty();
  }
}
