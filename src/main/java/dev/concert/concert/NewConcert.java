package dev.concert.concert;

import dev.concert.shared.ApiException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** A concert to create, with its rules (ranges of API.md) checked on construction. */
public record NewConcert(String title, List<NewSchedule> schedules) {
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
  }

  public static NewConcert fromJson(JsonObject json) {
    JsonArray array = json.getJsonArray("schedules", new JsonArray());
    List<NewSchedule> schedules = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonObject s = array.getJsonObject(i);
      schedules.add(new NewSchedule(instant(s.getString("startsAt"), i), s.getInteger("seatCount"), s.getLong("price")));
    }
    return new NewConcert(json.getString("title"), schedules);
  }

  public JsonObject toJson() {
    JsonArray array = new JsonArray();
    schedules.forEach(s -> array.add(new JsonObject()
        .put("startsAt", s.startsAt().toString()).put("seatCount", s.seatCount()).put("price", s.price())));
    return new JsonObject().put("title", title).put("schedules", array);
  }

  private static Instant instant(String text, int index) {
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException | NullPointerException e) {
      throw ApiException.invalid("field 'schedules/" + index + "/startsAt' must be an ISO-8601 date-time");
    }
  }
}
