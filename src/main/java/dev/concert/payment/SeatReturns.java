package dev.concert.payment;

import dev.concert.infra.Resources;
import dev.concert.reservation.Reservation;
import dev.concert.seats.Seats;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Refunded seats back on sale in Redis. The refund's transaction records a return; right after the
 * commit the seats are freed, and a sweeper frees them again a second later and deletes the
 * record (in one transaction, so a Redis failure leaves it for the next tick). Freeing only
 * touches seats still sold to the refunded reservation, so doing it twice is harmless.
 */
public final class SeatReturns {
  static final int BATCH = 500;
  private static final String INSERT = Resources.sql("payment/insert_seat_return");
  private static final String CLAIM = Resources.sql("payment/claim_seat_returns");
  private static final String DELETE = Resources.sql("payment/delete_seat_returns");

  private final Seats seats;

  public SeatReturns(Seats seats) {
    this.seats = seats;
  }

  /** In the refund's transaction. */
  public Future<Void> record(SqlClient tx, Reservation refunded) {
    return tx.preparedQuery(INSERT).execute(Tuple.of(refunded.id(), refunded.scheduleId(),
        refunded.seatNumbers().toArray(Integer[]::new))).mapEmpty();
  }

  /** Frees the seats still sold to {@code reservationId}; how many. */
  public Future<Integer> free(long scheduleId, UUID reservationId, List<Integer> seatNumbers) {
    return seats.giveBack(scheduleId, reservationId, seatNumbers);
  }

  /** One sweep: frees and forgets up to a batch of returns older than a second; how many. */
  public Future<Integer> sweep(Pool pool) {
    return pool.withTransaction(tx -> tx.preparedQuery(CLAIM).execute(Tuple.of(BATCH)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(0);
      }
      List<Future<Integer>> freed = new ArrayList<>();
      List<UUID> ids = new ArrayList<>();
      for (Row row : rows) {
        ids.add(row.getUUID("reservation_id"));
        freed.add(free(row.getLong("schedule_id"), row.getUUID("reservation_id"),
            Arrays.asList(row.getArrayOfIntegers("seat_numbers"))));
      }
      return Future.all(freed).compose(done -> tx.preparedQuery(DELETE).execute(Tuple.of((Object) ids.toArray(UUID[]::new))))
          .map(deleted -> ids.size());
    }));
  }
}
