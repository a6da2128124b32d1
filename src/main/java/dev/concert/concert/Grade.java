package dev.concert.concert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A seat grade of a date: its name, its price per place, and the venue's sections (by name) in it. */
public record Grade(String name, long price, List<String> sections) {
  public Grade {
    sections = List.copyOf(sections);
  }

  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("price", price).put("sections", new JsonArray(sections));
  }

  static Grade fromJson(JsonObject json) {
    JsonArray sections = json.getJsonArray("sections", new JsonArray());
    return new Grade(json.getString("name"), json.getLong("price"),
        sections.stream().map(String::valueOf).toList());
  }
}
