package dev.concert.withheld;

import dev.concert.seats.Seats;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postgres wins: every place the record says is withheld is written back to Redis where Redis has
 * it free (at start, and after Redis lost its data). A place put back between the read of the record
 * and that write (its put-back may have run before the write) is looked up once more and put back
 * again, so whichever order they take, no place stays withheld that the record does not hold.
 */
final class WithheldRebuild {
  private static final Logger LOG = LoggerFactory.getLogger(WithheldRebuild.class);

  private final SqlClient pool;
  private final Seats seats;

  WithheldRebuild(SqlClient pool, Seats seats) {
    this.pool = pool;
    this.seats = seats;
  }

  /** Rebuilds; returns how many places were written back. */
  Future<Integer> run() {
    return WithheldPlaces.all(pool).compose(bySchedule -> {
      List<Future<Integer>> schedules = new ArrayList<>();
      bySchedule.forEach((scheduleId, places) -> schedules.add(seats.rebuildWithheld(scheduleId, places)
          .compose(written -> written.isEmpty() ? Future.succeededFuture(0) : undoPutBack(scheduleId, written))));
      return Future.all(schedules).map(all -> {
        int written = schedules.stream().mapToInt(Future::result).sum();
        LOG.info("withheld places rebuild: {} dates in Postgres, {} places written to Redis", bySchedule.size(), written);
        return written;
      });
    });
  }

  private Future<Integer> undoPutBack(long scheduleId, List<Integer> written) {
    return WithheldPlaces.still(pool, scheduleId, written).compose(still -> {
      List<Integer> gone = new ArrayList<>(written);
      gone.removeAll(still);
      return gone.isEmpty() ? Future.succeededFuture(written.size())
          : seats.putBack(scheduleId, gone).map(back -> written.size());
    });
  }
}
