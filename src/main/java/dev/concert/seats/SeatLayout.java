package dev.concert.seats;

import java.util.ArrayList;
import java.util.List;

/**
 * A date's places as best available reads them: its sections in venue order, each a list of rows
 * (place ranges in layout order; a standing floor is one range). Written to Redis once per date
 * (seats_layout.lua) when a best-available hold finds it missing.
 */
public record SeatLayout(List<Block> sections) {
  public SeatLayout {
    sections = List.copyOf(sections);
  }

  /** A section: standing (one range of entry numbers) or seated (its rows). */
  public record Block(boolean standing, List<Range> rows) {
    public Block {
      rows = List.copyOf(rows);
    }
  }

  /** Places {@code first..last}. */
  public record Range(int first, int last) {}

  /** The arguments of seats_layout.lua: the section count, each section's row range, each row. */
  List<String> scriptArgs() {
    List<String> args = new ArrayList<>();
    List<String> rows = new ArrayList<>();
    args.add(Integer.toString(sections.size()));
    for (Block section : sections) {
      int first = rows.size();
      section.rows().forEach(row -> rows.add(row.first() + " " + row.last() + " " + (section.standing() ? 1 : 0)));
      args.add(first + " " + (rows.size() - 1));
    }
    args.addAll(rows);
    return args;
  }
}
