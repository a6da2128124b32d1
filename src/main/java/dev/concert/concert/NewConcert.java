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

  /**
   * A date: the old form ({@code venueId} null: {@code seatCount} seats at {@code price}), or a venue
   * date ({@code venueId} and {@code grades}). A venue date read from a request has {@code seatCount}
   * and {@code price} 0 until {@link #inVenue} sets them from the venue (its capacity, the lowest
   * grade's price).
   */
  public record NewSchedule(Instant startsAt, int seatCount, long price, Long venueId, List<Grade> grades) {
    public NewSchedule {
      grades = List.copyOf(grades);
      if (venueId == null) {
        if (seatCount < 1 || seatCount > MAX_SEATS) {
          throw ApiException.invalid("field 'seatCount' must be between 1 and " + MAX_SEATS);
        }
        if (!grades.isEmpty()) {
          throw ApiException.invalid("field 'grades' needs 'venueId'");
        }
      } else if (grades.isEmpty()) {
        throw ApiException.invalid("field 'grades' must name at least one grade of the venue's sections");
      }
      if (price < 0 || price > MAX_PRICE) {
        throw ApiException.invalid("field 'price' must be between 0 and " + MAX_PRICE);
      }
      for (Grade grade : grades) {
        if (grade.price() < 0 || grade.price() > MAX_PRICE) {
          throw ApiException.invalid("field 'grades/price' must be between 0 and " + MAX_PRICE);
        }
      }
    }

    public NewSchedule(Instant startsAt, int seatCount, long price) {
      this(startsAt, seatCount, price, null, List.of());
    }

    public boolean inAVenue() {
      return venueId != null;
    }

    /** This venue date with its seat count and price from {@code venue}, its grades checked against it. */
    public NewSchedule inVenue(dev.concert.venues.Venue venue, int index) {
      Hall.checkGrades(venue, grades, "schedules/" + index + "/grades");
      long lowest = grades.stream().mapToLong(Grade::price).min().orElse(0);
      return new NewSchedule(startsAt, venue.capacity(), lowest, venueId, grades);
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
      schedules.add(schedule(array.getJsonObject(i), i));
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
    schedules.forEach(s -> {
      JsonObject json = new JsonObject().put("startsAt", s.startsAt().toString());
      if (s.inAVenue()) {
        JsonArray grades = new JsonArray();
        s.grades().forEach(g -> grades.add(g.toJson()));
        json.put("venueId", s.venueId()).put("grades", grades);
      } else {
        json.put("seatCount", s.seatCount()).put("price", s.price());
      }
      array.add(json);
    });
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

  /** One date of a request, in either form; a mix of the two is refused. */
  private static NewSchedule schedule(JsonObject s, int index) {
    Instant startsAt = instant(s.getString("startsAt"), index);
    boolean oldForm = s.containsKey("seatCount") || s.containsKey("price");
    boolean venueForm = s.containsKey("venueId") || s.containsKey("grades");
    if (oldForm == venueForm) {
      throw ApiException.invalid("field 'schedules/" + index + "': a date has either 'seatCount' and 'price', "
          + "or 'venueId' and 'grades'");
    }
    if (oldForm) {
      if (s.getInteger("seatCount") == null || s.getLong("price") == null) {
        throw ApiException.invalid("field 'schedules/" + index + "': 'seatCount' and 'price' go together");
      }
      return new NewSchedule(startsAt, s.getInteger("seatCount"), s.getLong("price"));
    }
    if (s.getLong("venueId") == null || s.getJsonArray("grades") == null) {
      throw ApiException.invalid("field 'schedules/" + index + "': 'venueId' and 'grades' go together");
    }
    List<Grade> grades = new ArrayList<>();
    s.getJsonArray("grades").forEach(g -> grades.add(Grade.fromJson((JsonObject) g)));
    return new NewSchedule(startsAt, 0, 0, s.getLong("venueId"), grades);
  }

  /** The concert with its venue dates resolved ({@link NewSchedule#inVenue}) by {@code venues}. */
  public NewConcert withSchedules(List<NewSchedule> resolved) {
    return new NewConcert(title, resolved, salesOpenAt, admitPerSecond, maxActive);
  }

  private static Instant instant(String text, int index) {
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException | NullPointerException e) {
      throw ApiException.invalid("field 'schedules/" + index + "/startsAt' must be an ISO-8601 date-time");
    }
  }
}
