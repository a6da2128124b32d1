package dev.concert.queue;

import dev.concert.infra.Resources;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * What a concert publishes about its opening: before it, the commitment SHA-256(seed); after it,
 * the seed, the pre-queue's token ids and the order they were given, so anyone can check the order
 * is {@link OpeningOrder} of the seed and the ids, and the seed the one committed to.
 */
final class OpeningPublication {
  static final String ORDER_FUNCTION = "token ids sorted ascending by SHA-256(seed || UTF-8(tokenId)), "
      + "compared as unsigned big-endian numbers (ties by tokenId)";
  private static final String FIND_OPENING = Resources.sql("queue/find_opening");

  private final RoomCatalog rooms;
  private final RoomOpener opener;
  private final RoomOpenings openings;
  private final Pool pool;
  private final Clock clock;

  OpeningPublication(RoomCatalog rooms, RoomOpener opener, RoomOpenings openings, Pool pool, Clock clock) {
    this.rooms = rooms;
    this.opener = opener;
    this.openings = openings;
    this.pool = pool;
    this.clock = clock;
  }

  Future<JsonObject> of(long concertId) {
    return rooms.room(concertId).compose(room -> {
      JsonObject base = new JsonObject()
          .put("concertId", concertId)
          .put("salesOpenAt", room.opensAt().toString())
          .put("commitment", OpeningOrder.commitment(room.seed()))
          .put("orderFunction", ORDER_FUNCTION)
          .put("status", "SCHEDULED")
          .put("seed", null)
          .put("openedAt", null)
          .put("preQueue", null)
          .put("order", null);
      if (clock.instant().isBefore(room.opensAt())) {
        return Future.succeededFuture(base);
      }
      // Past the opening: make sure it happened (idempotent), then reveal what it did.
      return opener.open(room).compose(v -> recorded(room)).map(order -> order == null
          ? base.put("status", "OPENING")
          : reveal(base, room, order.openedAt(), order.tokenIds()));
    });
  }

  private record Recorded(Instant openedAt, List<String> tokenIds) {}

  /** The order from Postgres, or (if the opener could not write it) from Redis, written now. */
  private Future<Recorded> recorded(Room room) {
    return pool.preparedQuery(FIND_OPENING).execute(Tuple.of(room.concertId())).compose(rows -> {
      if (rows.size() > 0) {
        Row row = rows.iterator().next();
        return Future.succeededFuture(new Recorded(row.getOffsetDateTime("opened_at").toInstant(),
            Arrays.asList(row.getArrayOfStrings("token_ids"))));
      }
      return Future.all(openings.openedPreQueueSize(room), openings.openingOrder(room), openings.openedAt(room))
          .compose(all -> {
            long size = all.<Long>resultAt(0);
            List<String> order = all.resultAt(1);
            Instant openedAt = all.resultAt(2);
            if (size < 0 || openedAt == null || order.size() != size) {
              return Future.succeededFuture(null);
            }
            return opener.record(room, new RoomOpenings.Opening(1, openedAt), order)
                .map(new Recorded(openedAt, order));
          });
    });
  }

  private static JsonObject reveal(JsonObject base, Room room, Instant openedAt, List<String> order) {
    List<String> sorted = new ArrayList<>(order);
    sorted.sort(null);
    return base.put("status", "OPENED")
        .put("seed", HexFormat.of().formatHex(room.seed()))
        .put("openedAt", openedAt.toString())
        .put("preQueue", new JsonArray(sorted))
        .put("order", new JsonArray(order));
  }
}
