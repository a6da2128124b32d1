package dev.concert.withheld;

import dev.concert.concert.Hall;
import dev.concert.shared.ApiException;
import dev.concert.venues.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The places a withholding names, checked against the date's hall: either {@code seatNumbers}
 * (each a place of the date, listed once) or {@code section} (every place of that section), never
 * both. Bad input is a 400 before anything changes.
 */
final class PlacesNamed {
  private PlacesNamed() {}

  static List<Integer> of(WithheldMessages.Change change, Hall hall) {
    if ((change.seatNumbers() == null) == (change.section() == null)) {
      throw ApiException.invalid("give either seatNumbers or section, not both and not neither");
    }
    if (change.section() != null) {
      int index = hall.venue().sectionIndexWithId(change.section());
      if (index < 0) {
        throw ApiException.invalid("section: the date's venue has no section " + change.section());
      }
      Section section = hall.venue().sections().get(index);
      List<Integer> places = new ArrayList<>(section.capacity());
      for (int seat = section.firstSeat(); seat <= section.lastSeat(); seat++) {
        places.add(seat);
      }
      return places;
    }
    if (change.seatNumbers().isEmpty()) {
      throw ApiException.invalid("seatNumbers: at least one place");
    }
    TreeSet<Integer> places = new TreeSet<>();
    for (Integer seat : change.seatNumbers()) {
      if (seat == null || seat < 1 || seat > hall.capacity()) {
        throw ApiException.invalid("seatNumbers: place " + seat + " does not exist; places are 1 to " + hall.capacity());
      }
      if (!places.add(seat)) {
        throw ApiException.invalid("seatNumbers: place " + seat + " is listed twice");
      }
    }
    return List.copyOf(places);
  }
}
