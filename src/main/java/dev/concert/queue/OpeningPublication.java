package dev.concert.queue;

import dev.concert.infra.Resources;
import dev.concert.shared.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a concert publishes about its opening: before it, the commitment SHA-256(seed); after it,
 * the seed and the drawn order in pages, so anyone can check the order is {@link OpeningOrder} of
 * the seed and the ids, and the seed the one committed to. After the opening every page is read
 * as stored ({@link RoomOpener} renders them once); a page never changes once stored, so a few
 * are kept here too. A reply is {@code {etag, immutable, body}}.
 */
final class OpeningPublication {
  private static final String FIND_PAGE = Resources.sql("queue/find_opening_page");
  /** Stored pages kept in process, in bytes: every page of a 200,000-token opening (about 9 MB). */
  private static final long KEPT_BYTES = 16L << 20;

  private final RoomCatalog rooms;
  private final RoomOpener opener;
  private final Pool pool;
  private final Clock clock;
  private long keptBytes;
  /** Read on this verticle's event loop only. Least recently used first. */
  private final Map<String, OpeningPages.Page> kept = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, OpeningPages.Page> eldest) {
      if (keptBytes <= KEPT_BYTES) {
        return false;
      }
      keptBytes -= eldest.getValue().body().length();
      return true;
    }
  };

  OpeningPublication(RoomCatalog rooms, RoomOpener opener, Pool pool, Clock clock) {
    this.rooms = rooms;
    this.opener = opener;
    this.pool = pool;
    this.clock = clock;
  }

  Future<JsonObject> of(long concertId, int page) {
    return rooms.room(concertId).compose(room -> {
      if (clock.instant().isBefore(room.opensAt())) {
        return unopened(room, "SCHEDULED", page);
      }
      // Past the opening: make sure it happened and was published (both idempotent), then read it.
      return opener.open(room).compose(v -> opener.published(room)).compose(published -> !published
          ? unopened(room, "OPENING", page)
          : stored(room, page).map(found -> reply(found, true)));
    });
  }

  private static Future<JsonObject> unopened(Room room, String status, int page) {
    if (page != 1) {
      return Future.failedFuture(ApiException.notFound("The opening has no page " + page + " yet"));
    }
    return Future.succeededFuture(reply(OpeningPages.unopened(room, status), false));
  }

  private Future<OpeningPages.Page> stored(Room room, int page) {
    String key = room.concertId() + "/" + page;
    OpeningPages.Page known = kept.get(key);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return pool.preparedQuery(FIND_PAGE).execute(Tuple.of(room.concertId(), page)).compose(rows -> {
      RowIterator<Row> it = rows.iterator();
      if (!it.hasNext()) {
        return Future.failedFuture(ApiException.notFound("The opening has no page " + page));
      }
      Row row = it.next();
      OpeningPages.Page found = new OpeningPages.Page(page, row.getString("etag"), row.getBuffer("body"));
      keptBytes += found.body().length();
      kept.put(key, found);
      return Future.succeededFuture(found);
    });
  }

  private static JsonObject reply(OpeningPages.Page page, boolean immutable) {
    return new JsonObject().put("etag", page.etag()).put("immutable", immutable).put("body", page.body());
  }
}
