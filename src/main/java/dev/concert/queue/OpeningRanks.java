package dev.concert.queue;

import dev.concert.infra.Resources;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A pre-queue token's place in its room's drawn order, read from the opening Postgres recorded
 * (the order the reveal publishes): after Redis lost a room, its pre-queue joiners take back
 * exactly the place the draw gave them. Read once per room and process, and only after a loss.
 */
final class OpeningRanks implements RedisQueueStore.DrawnOrder {
  private static final String FIND_OPENING = Resources.sql("queue/find_opening");

  private final Pool pool;
  /** Room id to (token id to score); only rooms whose opening was found. */
  private final Map<Long, Map<String, Long>> scores = new ConcurrentHashMap<>();

  OpeningRanks(Pool pool) {
    this.pool = pool;
  }

  /** The token's score in the drawn order (rank - pre-queue size, as the opening gave it), or null. */
  @Override
  public Future<Long> score(Room room, String tokenId) {
    if (room.concertId() == null) {
      return Future.succeededFuture(null);
    }
    Map<String, Long> known = scores.get(room.concertId());
    if (known != null) {
      return Future.succeededFuture(known.get(tokenId));
    }
    return pool.preparedQuery(FIND_OPENING).execute(Tuple.of(room.concertId())).map(rows -> {
      RowIterator<Row> it = rows.iterator();
      if (!it.hasNext()) {
        return null;
      }
      String[] order = it.next().getArrayOfStrings("token_ids");
      Map<String, Long> byToken = new HashMap<>(order.length * 2);
      for (int i = 0; i < order.length; i++) {
        byToken.put(order[i], (long) (i - order.length));
      }
      scores.put(room.concertId(), byToken);
      return byToken.get(tokenId);
    });
  }
}
