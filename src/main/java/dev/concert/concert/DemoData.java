package dev.concert.concert;

import dev.concert.venues.NewVenue;
import dev.concert.venues.SectionLayout;
import dev.concert.venues.Venue;
import dev.concert.venues.VenueRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On an empty database (CONCERT_DEMO_DATA): the small hall's concert with three future dates, and a
 * stadium concert of 60,000 places (twenty seated sections in four grades, two standing floors).
 * A date's free places take no Redis memory (a place is in Redis only once held or sold), so the
 * stadium costs the start nothing beyond its rows in Postgres.
 */
public final class DemoData {
  private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);
  static final int STADIUM_SECTIONS = 20;
  static final int STADIUM_ROWS = 50;
  static final int STADIUM_ROW_SEATS = 50;
  static final int STADIUM_FLOOR = 5_000;

  private DemoData() {}

  static NewConcert concert(Instant now, int seats) {
    Instant firstNight = firstNight(now);
    return new NewConcert("Winter Symphony", List.of(
        new NewConcert.NewSchedule(firstNight, seats, 50_000),
        new NewConcert.NewSchedule(firstNight.plus(Duration.ofDays(1)), seats, 50_000),
        new NewConcert.NewSchedule(firstNight.plus(Duration.ofDays(2)), seats, 70_000)));
  }

  private static Instant firstNight(Instant now) {
    return now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(30)).plus(Duration.ofHours(19));
  }

  /** Sections 101..120 around the floors (left, right, back), then the two standing floors before the stage. */
  static NewVenue stadium() {
    List<SectionLayout> sections = new ArrayList<>();
    List<String> rows = new ArrayList<>();
    for (int r = 1; r <= STADIUM_ROWS; r++) {
      rows.add(Integer.toString(r));
    }
    List<Integer> seats = Collections.nCopies(STADIUM_ROWS, STADIUM_ROW_SEATS);
    for (int i = 0; i < STADIUM_SECTIONS; i++) {
      sections.add(SectionLayout.seated(Integer.toString(101 + i), rows, seats, sectionShape(i)));
    }
    sections.add(SectionLayout.standing("Floor A", STADIUM_FLOOR, shape(300, 200, 400, 180, 0)));
    sections.add(SectionLayout.standing("Floor B", STADIUM_FLOOR, shape(300, 400, 400, 180, 0)));
    return new NewVenue("Olympic Stadium", sections);
  }

  /** Six sections down the left side, six down the right, eight along the back. */
  private static JsonObject sectionShape(int i) {
    if (i < 6) {
      return shape(40, 120 + i * 110, 180, 100, 0);
    }
    if (i < 12) {
      return shape(780, 120 + (i - 6) * 110, 180, 100, 0);
    }
    return shape(100 + (i - 12) * 100, 820, 95, 150, 0);
  }

  private static JsonObject shape(double x, double y, double width, double height, double rotation) {
    return new JsonObject().put("x", x).put("y", y).put("width", width).put("height", height).put("rotation", rotation);
  }

  /** The stadium's date: VIP nearest the stage, then R, S, A; the floors their own grade. */
  static NewConcert stadiumConcert(Instant now, Venue stadium) {
    List<Grade> grades = List.of(
        new Grade("VIP", 220_000, names(0, 4)),
        new Grade("R", 170_000, names(4, 8)),
        new Grade("S", 130_000, names(8, 14)),
        new Grade("A", 90_000, names(14, 20)),
        new Grade("Floor", 150_000, List.of("Floor A", "Floor B")));
    NewConcert.NewSchedule date = new NewConcert.NewSchedule(firstNight(now).plus(Duration.ofDays(15)), 0, 0,
        stadium.id(), grades);
    return new NewConcert("Stadium Live", List.of(date.inVenue(stadium, 0)));
  }

  private static List<String> names(int from, int to) {
    List<String> names = new ArrayList<>();
    for (int i = from; i < to; i++) {
      names.add(Integer.toString(101 + i));
    }
    return names;
  }

  public static Future<Void> ensure(ConcertRepository repository, VenueRepository venues, Clock clock, int seats) {
    Instant now = clock.instant();
    return repository.seedIfEmpty(connection -> repository.insert(connection, concert(now, seats))
            .onSuccess(created -> LOG.info("created demo concert {}", created.encode()))
            .compose(small -> venues.insert(connection, stadium()))
            .compose(stadium -> repository.insert(connection, stadiumConcert(now, stadium)))
            .onSuccess(created -> LOG.info("created demo stadium concert {} ({} places)", created.getLong("concertId"),
                created.getJsonArray("schedules").getJsonObject(0).getInteger("totalSeats"))))
        .mapEmpty();
  }
}
