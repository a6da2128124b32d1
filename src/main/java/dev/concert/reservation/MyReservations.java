package dev.concert.reservation;

import dev.concert.infra.Resources;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A user's reservations, newest first, a page at a time (keyset pagination on the user's index). */
public final class MyReservations {
  public static final int DEFAULT_LIMIT = 20;
  private static final String FIRST = Resources.sql("reservation/list_mine_first");
  private static final String NEXT = Resources.sql("reservation/list_mine_next");

  /** One page and the cursor of the next, null when this is the last. */
  public record Page(List<Reservation> items, String next) {}

  private final Pool pool;

  public MyReservations(Pool pool) {
    this.pool = pool;
  }

  /** {@code status} and {@code after} may be null. */
  public Future<Page> page(UUID userId, ReservationStatus status, int limit, String after) {
    String statusName = status == null ? null : status.name();
    Future<RowSet<Row>> rows;
    if (after == null) {
      rows = pool.preparedQuery(FIRST).execute(Tuple.of(userId, statusName, limit + 1));
    } else {
      ReservationCursor cursor = ReservationCursor.decode(after);
      rows = pool.preparedQuery(NEXT).execute(Tuple.of(userId, statusName, cursor.createdAt(), cursor.id(), limit + 1));
    }
    return rows.map(found -> {
      List<Reservation> items = new ArrayList<>();
      Row last = null;
      boolean more = false;
      for (Row row : found) {
        if (items.size() == limit) {
          more = true;
          break;
        }
        items.add(Reservation.from(row));
        last = row;
      }
      return new Page(items, more ? ReservationCursor.of(last.getOffsetDateTime("created_at"), last.getUUID("id")).encode() : null);
    });
  }
}
