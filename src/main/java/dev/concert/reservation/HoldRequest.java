package dev.concert.reservation;

import dev.concert.concert.Hall;
import dev.concert.seats.Seats;
import dev.concert.shared.ApiException;
import io.vertx.core.json.JsonArray;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A request to hold places of one schedule, and the rules it must meet: either {@code seatNumbers}
 * (the places named) or {@code best} (best available: the server picks), never both.
 */
public record HoldRequest(long scheduleId, List<Integer> seatNumbers, Best best) {
  public static final int MAX_SEATS = 4;

  /**
   * Best available: {@code quantity} places in the grade named {@code grade} or in the section
   * {@code sectionId} (exactly one of them), adjacent in one row when {@code together}.
   */
  public record Best(int quantity, String grade, Long sectionId, boolean together) {}

  public HoldRequest {
    seatNumbers = seatNumbers == null ? null : List.copyOf(seatNumbers);
  }

  public HoldRequest(long scheduleId, List<Integer> seatNumbers) {
    this(scheduleId, seatNumbers, null);
  }

  public boolean isBest() {
    return best != null;
  }

  /** 1 to 4 distinct places, each within the date's hall (1..capacity); else VALIDATION_FAILED. */
  public void validateAgainst(Hall hall) {
    if (seatNumbers != null && best != null) {
      throw ApiException.invalid("seatNumbers: give either seatNumbers or quantity, not both");
    }
    if (best != null) {
      bestOf(hall);
      return;
    }
    if (seatNumbers == null) {
      throw ApiException.invalid("seatNumbers: give either seatNumbers or quantity (best available)");
    }
    if (seatNumbers.isEmpty() || seatNumbers.size() > MAX_SEATS) {
      throw ApiException.invalid("seatNumbers: hold 1 to " + MAX_SEATS + " seats");
    }
    Set<Integer> distinct = new HashSet<>(seatNumbers);
    if (distinct.size() != seatNumbers.size()) {
      throw ApiException.invalid("seatNumbers: seats must be distinct");
    }
    for (int seat : seatNumbers) {
      if (!hall.schedule().hasSeat(seat)) {
        throw ApiException.invalid("seatNumbers: seat " + seat + " does not exist; seats are 1 to " + hall.capacity());
      }
    }
  }

  /**
   * What best available searches on this date: its quantity, and the grade's sections (venue order) or
   * the one section; VALIDATION_FAILED when the quantity is out of range, both or neither of grade and
   * section are given, or the date has no such grade or section.
   */
  public Seats.BestRequest bestOf(Hall hall) {
    if (best.quantity() < 1 || best.quantity() > MAX_SEATS) {
      throw ApiException.invalid("quantity: best available holds 1 to " + MAX_SEATS + " places");
    }
    if ((best.grade() == null) == (best.sectionId() == null)) {
      throw ApiException.invalid("grade: best available takes either a grade or a section");
    }
    List<Integer> sections;
    if (best.grade() != null) {
      sections = hall.sectionsOfGrade(best.grade());
      if (sections.isEmpty()) {
        throw ApiException.invalid("grade: schedule " + scheduleId + " has no grade '" + best.grade() + "'");
      }
    } else {
      int index = hall.venue().sectionIndexWithId(best.sectionId());
      if (index < 0) {
        throw ApiException.invalid("section: schedule " + scheduleId + " has no section " + best.sectionId());
      }
      sections = List.of(index);
    }
    return new Seats.BestRequest(best.quantity(), best.together(), sections);
  }

  /** What the named places cost: the sum of their grade prices. */
  public long amount(Hall hall) {
    return hall.amount(seatNumbers);
  }

  /** The named places with their labels and prices, as the reservation carries them. */
  public JsonArray places(Hall hall) {
    return hall.places(seatNumbers);
  }
}
