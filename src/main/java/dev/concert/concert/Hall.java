package dev.concert.concert;

import dev.concert.seats.SeatStatus;
import dev.concert.seats.Seats;
import dev.concert.shared.ApiException;
import dev.concert.venues.Place;
import dev.concert.venues.Section;
import dev.concert.venues.SectionKind;
import dev.concert.venues.SeatRow;
import dev.concert.venues.Venue;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A date's places as sold: its venue's numbered sections, each in one grade at one price. Immutable
 * (a date and its venue never change), so each process builds it once per date and caches it
 * ({@link ScheduleCatalog#requireHall}); the hot paths then look a place up without any I/O.
 */
public final class Hall {
  private final Schedule schedule;
  private final Venue venue;
  private final List<Grade> grades;
  private final int[] gradeOfSection;
  /** The layout as best available reads it (built once: a hall never changes). */
  private final Seats.Layout seatLayout;
  /** Per section, the seat-map item's tail after the status: {@code ,"section":..} up to {@code "grade":..}. */
  private final String[] sectionJson;

  private Hall(Schedule schedule, Venue venue, List<Grade> grades) {
    this.schedule = schedule;
    this.venue = venue;
    this.grades = grades;
    this.gradeOfSection = gradeOfSection(venue, grades);
    this.sectionJson = new String[venue.sections().size()];
    for (int i = 0; i < sectionJson.length; i++) {
      sectionJson[i] = "\"section\":" + Json.encode(venue.sections().get(i).name());
    }
    this.seatLayout = seatLayout(venue);
  }

  private static Seats.Layout seatLayout(Venue venue) {
    List<Seats.Layout.Block> blocks = new java.util.ArrayList<>(venue.sections().size());
    for (Section section : venue.sections()) {
      boolean standing = section.kind() == SectionKind.STANDING;
      blocks.add(new Seats.Layout.Block(standing, standing
          ? List.of(new Seats.Layout.Range(section.firstSeat(), section.lastSeat()))
          : section.rows().stream().map(row -> new Seats.Layout.Range(row.firstSeat(), row.lastSeat())).toList()));
    }
    return new Seats.Layout(blocks);
  }

  /** The date's sections and rows for best available. */
  public Seats.Layout seatLayout() {
    return seatLayout;
  }

  /** The sections (indices, venue order) of the grade named {@code name}; empty when the date has no such grade. */
  public List<Integer> sectionsOfGrade(String name) {
    List<Integer> sections = new java.util.ArrayList<>();
    for (int i = 0; i < gradeOfSection.length; i++) {
      if (grades.get(gradeOfSection[i]).name().equals(name)) {
        sections.add(i);
      }
    }
    return sections;
  }

  /** A date created with {@code seatCount} and {@code price}: one section "Hall", one row, one grade. */
  public static Hall single(Schedule schedule) {
    Venue hall = Venue.single(schedule.totalSeats());
    return new Hall(schedule, hall, List.of(new Grade(Schedule.SINGLE_GRADE, schedule.price(), List.of("Hall"))));
  }

  /** A date in {@code venue}, its grades as stored with it. */
  public static Hall of(Schedule schedule, Venue venue) {
    return new Hall(schedule, venue, schedule.grades());
  }

  /**
   * The rule of a venue date's grades: names unique, every section of the venue in exactly one
   * grade, no unknown section; else 400 VALIDATION_FAILED naming the field.
   */
  public static void checkGrades(Venue venue, List<Grade> grades, String field) {
    Map<String, String> gradeOf = new HashMap<>();
    java.util.Set<String> names = new java.util.HashSet<>();
    for (int g = 0; g < grades.size(); g++) {
      Grade grade = grades.get(g);
      if (!names.add(grade.name())) {
        throw ApiException.invalid("field '" + field + "/" + g + "/name': grade '" + grade.name() + "' is named twice");
      }
      for (String section : grade.sections()) {
        if (venue.sectionIndexNamed(section) < 0) {
          throw ApiException.invalid("field '" + field + "/" + g + "/sections': venue " + venue.id()
              + " has no section '" + section + "'");
        }
        String before = gradeOf.putIfAbsent(section, grade.name());
        if (before != null) {
          throw ApiException.invalid("field '" + field + "/" + g + "/sections': section '" + section
              + "' is in more than one grade ('" + before + "' and '" + grade.name() + "')");
        }
      }
    }
    for (Section section : venue.sections()) {
      if (!gradeOf.containsKey(section.name())) {
        throw ApiException.invalid("field '" + field + "': section '" + section.name() + "' is in no grade");
      }
    }
  }

  private static int[] gradeOfSection(Venue venue, List<Grade> grades) {
    int[] gradeOf = new int[venue.sections().size()];
    java.util.Arrays.fill(gradeOf, -1);
    for (int g = 0; g < grades.size(); g++) {
      for (String name : grades.get(g).sections()) {
        int index = venue.sectionIndexNamed(name);
        if (index >= 0) {
          gradeOf[index] = g;
        }
      }
    }
    for (int i = 0; i < gradeOf.length; i++) {
      if (gradeOf[i] < 0) {
        throw new IllegalStateException("section " + venue.sections().get(i).name() + " of schedule has no grade");
      }
    }
    return gradeOf;
  }

  public Schedule schedule() {
    return schedule;
  }

  public Venue venue() {
    return venue;
  }

  public int capacity() {
    return schedule.totalSeats();
  }

  public Grade gradeOf(int sectionIndex) {
    return grades.get(gradeOfSection[sectionIndex]);
  }

  /** The place's labels and price: {@code {"seatNumber","section","row","seat","grade","price"}}. */
  public JsonObject place(int seatNumber) {
    Place place = venue.place(seatNumber);
    if (place == null) {
      throw ApiException.invalid("seatNumbers: place " + seatNumber + " does not exist; places are 1 to " + capacity());
    }
    Grade grade = gradeOf(place.sectionIndex());
    return new JsonObject().put("seatNumber", seatNumber)
        .put("section", venue.sections().get(place.sectionIndex()).name())
        .put("row", place.row()).put("seat", place.seat())
        .put("grade", grade.name()).put("price", grade.price());
  }

  /** The places of {@code seatNumbers}, in that order, as {@link #place}. */
  public JsonArray places(List<Integer> seatNumbers) {
    JsonArray places = new JsonArray();
    seatNumbers.forEach(seat -> places.add(place(seat)));
    return places;
  }

  /** What the places cost together: the sum of their grades' prices. */
  public long amount(List<Integer> seatNumbers) {
    long sum = 0;
    for (int seat : seatNumbers) {
      int section = venue.sectionIndexOf(seat);
      if (section < 0) {
        throw ApiException.invalid("seatNumbers: place " + seat + " does not exist; places are 1 to " + capacity());
      }
      sum = Math.addExact(sum, gradeOf(section).price());
    }
    return sum;
  }

  /** Free places per section, in layout order, from the date's seat states. */
  public int[] availableBySection(SeatStatus[] states) {
    int[] available = new int[venue.sections().size()];
    for (int i = 0; i < available.length; i++) {
      Section section = venue.sections().get(i);
      int free = 0;
      for (int seat = section.firstSeat(); seat <= section.lastSeat() && seat <= states.length; seat++) {
        if (states[seat - 1] == SeatStatus.AVAILABLE) {
          free++;
        }
      }
      available[i] = free;
    }
    return available;
  }

  /** The grades in creation order with their free places: {@code [{"name","price","available"}]}. */
  public JsonArray gradesAvailable(int[] availableBySection) {
    long[] available = new long[grades.size()];
    for (int i = 0; i < availableBySection.length; i++) {
      available[gradeOfSection[i]] += availableBySection[i];
    }
    JsonArray items = new JsonArray();
    for (int g = 0; g < grades.size(); g++) {
      items.add(new JsonObject().put("name", grades.get(g).name()).put("price", grades.get(g).price())
          .put("available", available[g]));
    }
    return items;
  }

  /** The sections with grade, price and free places: the items of {@code GET .../sections}. */
  public JsonArray sections(int[] availableBySection) {
    JsonArray items = new JsonArray();
    for (int i = 0; i < availableBySection.length; i++) {
      Section section = venue.sections().get(i);
      Grade grade = gradeOf(i);
      items.add(new JsonObject().put("sectionId", section.id()).put("name", section.name())
          .put("kind", section.kind().name()).put("grade", grade.name()).put("price", grade.price())
          .put("capacity", section.capacity()).put("available", availableBySection[i]));
    }
    return items;
  }

  /**
   * The seat map as JSON text, rendered straight from the states (the hottest read of a sale:
   * building a JsonObject per place cost more than the Redis read behind it). {@code sectionIndex}
   * -1: every place; else that section's.
   */
  public Buffer render(SeatStatus[] states, int sectionIndex) {
    int from = sectionIndex < 0 ? 0 : sectionIndex;
    int to = sectionIndex < 0 ? venue.sections().size() - 1 : sectionIndex;
    int places = 0;
    for (int i = from; i <= to; i++) {
      places += venue.sections().get(i).capacity();
    }
    StringBuilder json = new StringBuilder(64 + places * 110);
    json.append("{\"scheduleId\":").append(schedule.id()).append(",\"items\":[");
    boolean first = true;
    for (int i = from; i <= to; i++) {
      Section section = venue.sections().get(i);
      Grade grade = gradeOf(i);
      String tail = "," + sectionJson[i] + ",";
      String gradeJson = ",\"grade\":" + Json.encode(grade.name()) + "}";
      if (section.kind() == SectionKind.STANDING) {
        for (int seat = section.firstSeat(); seat <= section.lastSeat(); seat++) {
          item(json, first, seat, grade.price(), states).append(tail).append("\"row\":null,\"seat\":null").append(gradeJson);
          first = false;
        }
        continue;
      }
      for (SeatRow row : section.rows()) {
        String rowJson = "\"row\":" + Json.encode(row.label()) + ",\"seat\":\"";
        for (int n = 1; n <= row.seats(); n++) {
          int seat = row.firstSeat() + n - 1;
          item(json, first, seat, grade.price(), states).append(tail).append(rowJson).append(n).append('"')
              .append(gradeJson);
          first = false;
        }
      }
    }
    json.append("]}");
    return Buffer.buffer(json.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static StringBuilder item(StringBuilder json, boolean first, int seat, long price, SeatStatus[] states) {
    if (!first) {
      json.append(',');
    }
    SeatStatus status = seat <= states.length ? states[seat - 1] : SeatStatus.AVAILABLE;
    return json.append("{\"seatNumber\":").append(seat).append(",\"price\":").append(price)
        .append(",\"status\":\"").append(status.name()).append('"');
  }
}
