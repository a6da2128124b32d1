package dev.concert.venues;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A section as an administrator lays it out, before numbering: seated rows ({@code rowLabels} and
 * {@code rowSeats}, same length), or a standing floor of {@code standingCapacity} places.
 */
public record SectionLayout(String name, SectionKind kind, List<String> rowLabels, List<Integer> rowSeats,
    int standingCapacity, JsonObject shape) {
  public SectionLayout {
    rowLabels = List.copyOf(rowLabels);
    rowSeats = List.copyOf(rowSeats);
  }

  public static SectionLayout seated(String name, List<String> rowLabels, List<Integer> rowSeats, JsonObject shape) {
    return new SectionLayout(name, SectionKind.SEATED, rowLabels, rowSeats, 0, shape);
  }

  public static SectionLayout standing(String name, int capacity, JsonObject shape) {
    return new SectionLayout(name, SectionKind.STANDING, List.of(), List.of(), capacity, shape);
  }

  /** Places in the section (long: a layout's sum is checked before it could overflow an int). */
  public long places() {
    if (kind == SectionKind.STANDING) {
      return standingCapacity;
    }
    long sum = 0;
    for (int seats : rowSeats) {
      sum += seats;
    }
    return sum;
  }
}
