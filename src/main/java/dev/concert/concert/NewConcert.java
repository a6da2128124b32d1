package dev.concert.concert;

import dev.concert.shared.ApiException;
import dev.concert.shared.BusMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A concert to create, with its rules (ranges of openapi.yaml) checked on construction. {@code salesOpenAt}
 * null means now; {@code admitPerSecond}/{@code maxActive} null mean the service-wide room's values.
 */
public record NewConcert(String title, List<NewSchedule> schedules, Instant salesOpenAt, Integer admitPerSecond,
    Integer maxActive) implements BusMessage {
  public static final int MAX_SEATS = 1000;
  public static final long MAX_PRICE = 10_000_000L;

  public record NewSchedule(Instant startsAt, int seatCount, long price) {
    public NewSchedule {
      if (seatCount < 1 || seatCount > MAX_SEATS) {
        throw ApiException.invalid("field 'seatCount' must be between 1 and " + MAX_SEATS);
      }
      if (price < 0 || price > MAX_PRICE) {
        throw ApiException.invalid("field 'price' must be between 0 and " + MAX_PRICE);
      }
    }
  }

  public NewConcert {
    if (title == null || title.isBlank() || title.length() > 200) {
      throw ApiException.invalid("field 'title' must be 1 to 200 characters");
    }
    if (schedules.isEmpty()) {
      throw ApiException.invalid("field 'schedules' must name at least one date");
    }
    schedules = List.copyOf(schedules);
    if (admitPerSecond != null && (admitPerSecond < 1 || admitPerSecond > 1_000_000)) {
      throw ApiException.invalid("field 'admitPerSecond' must be between 1 and 1000000");
    }
    if (maxActive != null && (maxActive < 1 || maxActive > 10_000_000)) {
      throw ApiException.invalid("field 'maxActive' must be between 1 and 10000000");
    }
  }

  public NewConcert(String title, List<NewSchedule> schedules) {
    this(title, schedules, null, null, null);
  }

  public static NewConcert fromJson(JsonObject json) {
    JsonArray array = json.getJsonArray("schedules", new JsonArray());
    List<NewSchedule> schedules = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonObject s = array.getJsonObject(i);
      schedules.add(new NewSchedule(instant(s.getString("startsAt"), i), s.getInteger("seatCount"), s.getLong("price")));
    }
    String opensAt = json.getString("salesOpenAt");
    Instant salesOpenAt = null;
    if (opensAt != null) {
      try {
        salesOpenAt = java.time.OffsetDateTime.parse(opensAt).toInstant();
      } catch (DateTimeParseException e) {
        throw ApiException.invalid("field 'salesOpenAt' must be an ISO-8601 date-time");
      }
    }
    return new NewConcert(json.getString("title"), schedules, salesOpenAt, json.getInteger("admitPerSecond"),
        json.getInteger("maxActive"));
  }

  public JsonObject toJson() {
    JsonArray array = new JsonArray();
    schedules.forEach(s -> array.add(new JsonObject()
        .put("startsAt", s.startsAt().toString()).put("seatCount", s.seatCount()).put("price", s.price())));
    JsonObject json = new JsonObject().put("title", title).put("schedules", array);
    if (salesOpenAt != null) {
      json.put("salesOpenAt", salesOpenAt.toString());
    }
    if (admitPerSecond != null) {
      json.put("admitPerSecond", admitPerSecond);
    }
    if (maxActive != null) {
      json.put("maxActive", maxActive);
    }
    return json;
  }

  private static Instant instant(String text, int index) {
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException | NullPointerException e) {
      throw ApiException.invalid("field 'schedules/" + index + "/startsAt' must be an ISO-8601 date-time");
    }
  }
}
