package dev.concert.audit;

import dev.concert.seats.SeatKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Compares one schedule's seats in Postgres (the record) with Redis (the gate), seat by seat. A
 * hold whose time has passed is left aside on either side: the sweeper and the hold script's
 * lapse rule deal with it, and it blocks nobody for long.
 */
public final class SeatStateComparison {
  /** A seat Postgres says is taken: sold ({@code heldUntilMillis} ignored) or held until then. */
  public record PgSeat(UUID reservationId, boolean sold, long heldUntilMillis) {}

  private SeatStateComparison() {}

  /** One line per seat on which the two disagree. */
  public static List<String> differences(long scheduleId, Map<Integer, PgSeat> postgres, Map<Integer, String> redis,
      long nowMillis) {
    Set<Integer> seats = new TreeSet<>(postgres.keySet());
    seats.addAll(redis.keySet());
    List<String> found = new ArrayList<>();
    for (int seat : seats) {
      PgSeat pg = postgres.get(seat);
      String value = redis.get(seat);
      String problem = pg == null ? freeInPostgres(value, nowMillis) : takenInPostgres(pg, value, nowMillis);
      if (problem != null) {
        found.add("schedule " + scheduleId + " seat " + seat + ": " + problem);
      }
    }
    return found;
  }

  private static String takenInPostgres(PgSeat pg, String value, long now) {
    if (pg.sold()) {
      return ("S:" + pg.reservationId()).equals(value) ? null
          : "sold to " + pg.reservationId() + " in Postgres, " + describe(value) + " in Redis";
    }
    if (pg.heldUntilMillis() <= now) {
      return null; // a lapsed hold, aside
    }
    return value != null && value.startsWith("H:" + pg.reservationId() + ":") ? null
        : "held by " + pg.reservationId() + " in Postgres, " + describe(value) + " in Redis";
  }

  private static String freeInPostgres(String value, long now) {
    if (value == null || value.equals(SeatKeys.WITHHELD)) {
      return null; // free, or withheld (the withheld places' own record, not a reservation's)
    }
    if (value.startsWith("H:")) {
      Long until = heldUntil(value);
      if (until != null && until <= now) {
        return null; // a lapsed hold, aside
      }
    }
    return "free in Postgres, " + describe(value) + " in Redis";
  }

  private static Long heldUntil(String value) {
    try {
      return Long.parseLong(value.substring(value.lastIndexOf(':') + 1));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String describe(String value) {
    return value == null ? "free" : "'" + value + "'";
  }
}
