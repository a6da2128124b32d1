package dev.concert.venues;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A hall's layout, numbered ({@link PlaceNumbering}): immutable once created, so every instance
 * caches it for good. {@code id} 0 is the implicit hall of a date created in the old form (one
 * section, one row, no venue row in Postgres).
 */
public record Venue(long id, String name, int capacity, List<Section> sections) {
  public Venue {
    sections = List.copyOf(sections);
  }

  /** The one-section hall of a date created with {@code seatCount}: one row "1" of seats 1..n. */
  public static Venue single(int seats) {
    return new Venue(0, "Hall", seats, List.of(new Section(0, "Hall", SectionKind.SEATED, 1, seats,
        List.of(new SeatRow("1", seats, 1)), null)));
  }

  /** The section of a place, by binary search over the sections' ranges; -1 when out of range. */
  public int sectionIndexOf(int seatNumber) {
    int low = 0;
    int high = sections.size() - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      Section section = sections.get(middle);
      if (seatNumber < section.firstSeat()) {
        high = middle - 1;
      } else if (seatNumber > section.lastSeat()) {
        low = middle + 1;
      } else {
        return middle;
      }
    }
    return -1;
  }

  /** Where place {@code seatNumber} is; null when the venue has no such place. */
  public Place place(int seatNumber) {
    int index = sectionIndexOf(seatNumber);
    if (index < 0) {
      return null;
    }
    Section section = sections.get(index);
    if (section.kind() == SectionKind.STANDING) {
      return new Place(seatNumber, index, null, null);
    }
    List<SeatRow> rows = section.rows();
    int low = 0;
    int high = rows.size() - 1;
    while (low < high) {
      int middle = (low + high + 1) >>> 1;
      if (rows.get(middle).firstSeat() <= seatNumber) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    SeatRow row = rows.get(low);
    return new Place(seatNumber, index, row.label(), Integer.toString(seatNumber - row.firstSeat() + 1));
  }

  /** The section named {@code name}, or -1. */
  public int sectionIndexNamed(String name) {
    for (int i = 0; i < sections.size(); i++) {
      if (sections.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The section with id {@code sectionId}, or -1. */
  public int sectionIndexWithId(long sectionId) {
    for (int i = 0; i < sections.size(); i++) {
      if (sections.get(i).id() == sectionId) {
        return i;
      }
    }
    return -1;
  }

  /** As the venue API shows it: {@code withRows} for GET, without for the creation's answer. */
  public JsonObject toJson(boolean withRows) {
    JsonArray array = new JsonArray();
    sections.forEach(section -> array.add(section.toJson(withRows)));
    return new JsonObject().put("venueId", id).put("name", name).put("capacity", capacity).put("sections", array);
  }
}
