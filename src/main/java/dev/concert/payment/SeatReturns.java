package dev.concert.payment;

import dev.concert.concert.SeatKeys;
import dev.concert.infra.LuaScript;
import dev.concert.infra.Resources;
import dev.concert.reservation.Reservation;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
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
  private static final LuaScript RETURN = LuaScript.load("seats_return");
  private static final String INSERT = Resources.sql("refund/insert_seat_return");
  private static final String CLAIM = Resources.sql("refund/claim_seat_returns");
  private static final String DELETE = Resources.sql("refund/delete_seat_returns");

  private final Redis redis;

  public SeatReturns(Redis redis) {
    this.redis = redis;
  }

  /** In the refund's transaction. */
  public Future<Void> record(SqlClient tx, Reservation refunded) {
    return tx.preparedQuery(INSERT).execute(Tuple.of(refunded.id(), refunded.scheduleId(),
        refunded.seatNumbers().toArray(Integer[]::new))).mapEmpty();
  }

  /** Frees the seats still sold to {@code reservationId}; how many. */
  public Future<Integer> free(long scheduleId, UUID reservationId, List<Integer> seats) {
    List<String> args = new ArrayList<>(seats.size() + 1);
    args.add(reservationId.toString());
    seats.forEach(seat -> args.add(seat.toString()));
    return RETURN.run(redis, List.of(SeatKeys.seats(scheduleId)), args).map(r -> r.toInteger());
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
