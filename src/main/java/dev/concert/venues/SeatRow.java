package dev.concert.venues;

import io.vertx.core.json.JsonObject;

/** A row of a seated section: its label, its seats, and the place number of its seat 1. */
public record SeatRow(String label, int seats, int firstSeat) {
  public int lastSeat() {
    return firstSeat + seats - 1;
  }

  public JsonObject toJson() {
    return new JsonObject().put("label", label).put("firstSeat", firstSeat).put("lastSeat", lastSeat());
  }
}
