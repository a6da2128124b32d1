package dev.concert.seats;

import dev.concert.shared.BusMessage;

/**
 * What one seat stream follows: the changes of places {@code firstSeat..lastSeat} (the whole date,
 * or one section), or, with {@code sectionCounts}, the free places of each section (a date too big
 * for its whole map).
 */
public record StreamScope(int firstSeat, int lastSeat, boolean sectionCounts) implements BusMessage {
  public static StreamScope places(int firstSeat, int lastSeat) {
    return new StreamScope(firstSeat, lastSeat, false);
  }

  public static StreamScope counts() {
    return new StreamScope(0, 0, true);
  }

  boolean covers(int seat) {
    return seat >= firstSeat && seat <= lastSeat;
  }
}
