package dev.concert.concert;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** On an empty database: one demo concert with three future dates (CONCERT_DEMO_DATA). */
public final class DemoData {
  private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

  private DemoData() {}

  static NewConcert concert(Instant now, int seats) {
    Instant firstNight = now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(30)).plus(Duration.ofHours(19));
    return new NewConcert("Winter Symphony", List.of(
        new NewConcert.NewSchedule(firstNight, seats, 50_000),
        new NewConcert.NewSchedule(firstNight.plus(Duration.ofDays(1)), seats, 50_000),
        new NewConcert.NewSchedule(firstNight.plus(Duration.ofDays(2)), seats, 70_000)));
  }

  public static Future<Void> ensure(ConcertRepository repository, Clock clock, int seats) {
    return repository.createIfEmpty(concert(clock.instant(), seats))
        .onSuccess(created -> created.ifPresent(c -> LOG.info("created demo concert {}", c.encode())))
        .mapEmpty();
  }
}
