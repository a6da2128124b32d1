package dev.concert.venues;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlaceNumberingTest {
  private static final List<SectionLayout> LAYOUT = List.of(
      SectionLayout.seated("A", List.of("1", "2"), List.of(3, 2), null),
      SectionLayout.standing("Floor", 100, null),
      SectionLayout.seated("B", List.of("AA"), List.of(4), null));

  @Test
  void placesAreNumberedSectionBySectionRowByRowSeatBySeat() {
    List<Section> sections = PlaceNumbering.number(LAYOUT);
    assertThat(sections).extracting(Section::firstSeat).containsExactly(1, 6, 106);
    assertThat(sections).extracting(Section::lastSeat).containsExactly(5, 105, 109);
    assertThat(sections.get(0).rows()).extracting(SeatRow::firstSeat).containsExactly(1, 4);
    assertThat(sections.get(0).rows()).extracting(SeatRow::lastSeat).containsExactly(3, 5);
    assertThat(sections.get(1).rows()).isEmpty();
    assertThat(sections.get(2).rows().get(0).firstSeat()).isEqualTo(106);
  }

  @Test
  void aPlaceNumberLeadsBackToItsSectionRowAndSeat() {
    Venue venue = new Venue(1, "V", 109, PlaceNumbering.number(LAYOUT));
    assertThat(venue.place(1)).isEqualTo(new Place(1, 0, "1", "1"));
    assertThat(venue.place(4)).isEqualTo(new Place(4, 0, "2", "1"));
    assertThat(venue.place(5)).isEqualTo(new Place(5, 0, "2", "2"));
    assertThat(venue.place(6)).isEqualTo(new Place(6, 1, null, null));
    assertThat(venue.place(105)).isEqualTo(new Place(105, 1, null, null));
    assertThat(venue.place(109)).isEqualTo(new Place(109, 2, "AA", "4"));
    assertThat(venue.place(0)).isNull();
    assertThat(venue.place(110)).isNull();
  }

  @Test
  void theOldFormIsOneRowOfSeats() {
    Venue hall = Venue.single(50);
    assertThat(hall.place(50)).isEqualTo(new Place(50, 0, "1", "50"));
    assertThat(hall.sections()).singleElement().satisfies(s -> assertThat(s.capacity()).isEqualTo(50));
  }
}
