package dev.concert.venues;

import dev.concert.shared.ApiException;
import dev.concert.shared.BusMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A venue to create, with the rules openapi.yaml cannot say checked on construction (a JSON
 * schema has no "unique names" nor "sum of seats"): each failure is a 400 VALIDATION_FAILED
 * naming the field.
 */
public record NewVenue(String name, List<SectionLayout> sections) implements BusMessage {
  public static final int MAX_PLACES = 100_000;
  public static final int MAX_ROW_SEATS = 1_000;
  public static final double PLANE = 1_000;

  public NewVenue {
    if (name == null || name.isBlank() || name.length() > 200) {
      throw ApiException.invalid("field 'name' must be 1 to 200 characters");
    }
    if (sections == null || sections.isEmpty()) {
      throw ApiException.invalid("field 'sections' must list at least one section");
    }
    sections = List.copyOf(sections);
    Set<String> names = new HashSet<>();
    long places = 0;
    for (int i = 0; i < sections.size(); i++) {
      SectionLayout section = sections.get(i);
      String field = "sections/" + i;
      if (section.name() == null || section.name().isBlank() || section.name().length() > 100) {
        throw ApiException.invalid("field '" + field + "/name' must be 1 to 100 characters");
      }
      if (!names.add(section.name())) {
        throw ApiException.invalid("field '" + field + "/name': section names must be unique in a venue, '"
            + section.name() + "' is used twice");
      }
      checkPlaces(section, field);
      places += section.places();
      if (places > MAX_PLACES) {
        throw ApiException.invalid("field 'sections': a venue has at most " + MAX_PLACES + " places");
      }
    }
  }

  private static void checkPlaces(SectionLayout section, String field) {
    if (section.kind() == SectionKind.STANDING) {
      if (section.standingCapacity() < 1 || section.standingCapacity() > MAX_PLACES) {
        throw ApiException.invalid("field '" + field + "/capacity' must be 1 to " + MAX_PLACES);
      }
      return;
    }
    if (section.rowLabels().isEmpty()) {
      throw ApiException.invalid("field '" + field + "/rows' must list at least one row");
    }
    Set<String> labels = new HashSet<>();
    for (int r = 0; r < section.rowLabels().size(); r++) {
      String label = section.rowLabels().get(r);
      if (label == null || label.isBlank() || label.length() > 20) {
        throw ApiException.invalid("field '" + field + "/rows/" + r + "/label' must be 1 to 20 characters");
      }
      if (!labels.add(label)) {
        throw ApiException.invalid("field '" + field + "/rows/" + r + "/label': row labels must be unique in a section, '"
            + label + "' is used twice");
      }
      int seats = section.rowSeats().get(r);
      if (seats < 1 || seats > MAX_ROW_SEATS) {
        throw ApiException.invalid("field '" + field + "/rows/" + r + "/seats' must be 1 to " + MAX_ROW_SEATS);
      }
    }
  }

  /** Reads a creation request (its shapes already checked by openapi.yaml; the rules again here). */
  public static NewVenue fromJson(JsonObject json) {
    JsonArray array = json.getJsonArray("sections");
    List<SectionLayout> sections = new ArrayList<>();
    for (int i = 0; array != null && i < array.size(); i++) {
      sections.add(section(array.getJsonObject(i), "sections/" + i));
    }
    return new NewVenue(json.getString("name"), sections);
  }

  private static SectionLayout section(JsonObject json, String field) {
    String kind = json.getString("kind");
    JsonObject shape = shape(json.getJsonObject("shape"), field + "/shape");
    if ("STANDING".equals(kind)) {
      if (json.containsKey("rows")) {
        throw ApiException.invalid("field '" + field + "/rows': a STANDING section has a capacity, not rows");
      }
      Integer capacity = json.getInteger("capacity");
      if (capacity == null) {
        throw ApiException.invalid("field '" + field + "/capacity' is required on a STANDING section");
      }
      return SectionLayout.standing(json.getString("name"), capacity, shape);
    }
    if (!"SEATED".equals(kind)) {
      throw ApiException.invalid("field '" + field + "/kind' must be SEATED or STANDING");
    }
    if (json.containsKey("capacity")) {
      throw ApiException.invalid("field '" + field + "/capacity': a SEATED section's capacity follows from its rows");
    }
    JsonArray rows = json.getJsonArray("rows");
    if (rows == null) {
      throw ApiException.invalid("field '" + field + "/rows' is required on a SEATED section");
    }
    List<String> labels = new ArrayList<>(rows.size());
    List<Integer> seats = new ArrayList<>(rows.size());
    for (int r = 0; r < rows.size(); r++) {
      JsonObject row = rows.getJsonObject(r);
      Integer count = row.getInteger("seats");
      if (count == null) {
        throw ApiException.invalid("field '" + field + "/rows/" + r + "/seats' is required");
      }
      labels.add(row.getString("label"));
      seats.add(count);
    }
    return SectionLayout.seated(json.getString("name"), labels, seats, shape);
  }

  /** A shape on the 1000 x 1000 plane: x, y, width, height inside it; rotation in degrees (default 0). */
  static JsonObject shape(JsonObject json, String field) {
    if (json == null) {
      return null;
    }
    double x = coordinate(json, "x", field, 0);
    double y = coordinate(json, "y", field, 0);
    double width = coordinate(json, "width", field, 0);
    double height = coordinate(json, "height", field, 0);
    if (width <= 0 || height <= 0) {
      throw ApiException.invalid("field '" + field + "': width and height must be above 0");
    }
    if (x + width > PLANE || y + height > PLANE) {
      throw ApiException.invalid("field '" + field + "' must lie within the 1000 x 1000 plane");
    }
    Number rotation = json.getNumber("rotation");
    double degrees = rotation == null ? 0 : rotation.doubleValue();
    if (degrees < -360 || degrees > 360) {
      throw ApiException.invalid("field '" + field + "/rotation' must be -360 to 360 degrees");
    }
    return new JsonObject().put("x", x).put("y", y).put("width", width).put("height", height).put("rotation", degrees);
  }

  private static double coordinate(JsonObject json, String key, String field, double min) {
    Number value = json.getNumber(key);
    if (value == null) {
      throw ApiException.invalid("field '" + field + "/" + key + "' is required");
    }
    if (value.doubleValue() < min || value.doubleValue() > PLANE) {
      throw ApiException.invalid("field '" + field + "/" + key + "' must be 0 to 1000");
    }
    return value.doubleValue();
  }

  /** The numbered sections ({@link PlaceNumbering}). */
  public List<Section> numbered() {
    return PlaceNumbering.number(sections);
  }

  public int capacity() {
    return (int) sections.stream().mapToLong(SectionLayout::places).sum();
  }
}
