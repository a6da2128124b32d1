package dev.concert.venues;

import java.util.ArrayList;
import java.util.List;

/**
 * The numbering rule of a venue: places are 1..capacity in layout order, section by section, row
 * by row, seat 1..n within a row; a standing floor takes the next {@code capacity} numbers (its
 * entry numbers). So {@code seatNumber} is the one identity of a place everywhere.
 */
public final class PlaceNumbering {
  private PlaceNumbering() {}

  /** The sections numbered from 1, in the order given (ids 0: not stored yet). */
  public static List<Section> number(List<SectionLayout> layout) {
    List<Section> sections = new ArrayList<>(layout.size());
    int next = 1;
    for (SectionLayout section : layout) {
      int first = next;
      List<SeatRow> rows = new ArrayList<>(section.rowLabels().size());
      if (section.kind() == SectionKind.SEATED) {
        for (int i = 0; i < section.rowLabels().size(); i++) {
          rows.add(new SeatRow(section.rowLabels().get(i), section.rowSeats().get(i), next));
          next += section.rowSeats().get(i);
        }
      } else {
        next += section.standingCapacity();
      }
      sections.add(new Section(0, section.name(), section.kind(), first, next - 1, rows, section.shape()));
    }
    return sections;
  }
}
