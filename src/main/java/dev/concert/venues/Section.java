package dev.concert.venues;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A numbered section of a venue: places {@code firstSeat..lastSeat}. {@code rows} is empty on a
 * standing floor; {@code shape} is null when the layout draws none. {@code id} is 0 until stored.
 */
public record Section(long id, String name, SectionKind kind, int firstSeat, int lastSeat, List<SeatRow> rows,
    JsonObject shape) {
  public Section {
    rows = List.copyOf(rows);
    shape = shape == null ? null : shape.copy();
  }

  public int capacity() {
    return lastSeat - firstSeat + 1;
  }

  public boolean contains(int seatNumber) {
    return seatNumber >= firstSeat && seatNumber <= lastSeat;
  }

  public Section withId(long newId) {
    return new Section(newId, name, kind, firstSeat, lastSeat, rows, shape);
  }

  /** The section as the venue API shows it; with its rows when {@code withRows}. */
  public JsonObject toJson(boolean withRows) {
    JsonObject json = new JsonObject().put("sectionId", id).put("name", name).put("kind", kind.name())
        .put("capacity", capacity()).put("firstSeat", firstSeat).put("lastSeat", lastSeat)
        .put("shape", shape == null ? null : shape.copy());
    if (withRows) {
      JsonArray array = new JsonArray();
      rows.forEach(row -> array.add(row.toJson()));
      json.put("rows", array);
    }
    return json;
  }
}
