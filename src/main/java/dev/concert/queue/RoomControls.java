package dev.concert.queue;

import dev.concert.infra.PgTransactions;
import dev.concert.infra.Resources;
import dev.concert.shared.ApiException;
import dev.concert.trail.ActionTrail;
import dev.concert.trail.Actor;
import dev.concert.trail.OperatorAction;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' live controls of a concert's room ({@code PATCH /admin/concerts/{id}}) and the
 * room as they see it ({@code GET /admin/concerts/{id}/room}).
 *
 * <p>A change is recorded in Postgres (the record: one locked row, a new version), then written
 * to the room's live copy in Redis, which every instance's admission tick reads: a pause, rate or
 * cap is in force everywhere once the answer is sent. Every instance also reloads the changed
 * rooms at least once a second ({@link RoomCatalog}), for what the Java side shows and decides
 * (token answers, the opening, the close); after Redis lost the copy, the first tick of an
 * instance writes it back from the record (queue_admit.lua).
 */
final class RoomControls {
  private static final String LOCK = Resources.sql("queue/lock_controls");
  private static final String UPDATE = Resources.sql("queue/update_controls");
  private static final String FIND = Resources.sql("queue/find_controls");

  private static final Logger LOG = LoggerFactory.getLogger(RoomControls.class);

  private final Pool pool;
  private final PgTransactions transactions;
  private final RoomControlsStore store;
  private final RoomCatalog rooms;
  private final DueRooms dueRooms;

  RoomControls(Pool pool, PgTransactions transactions, RoomControlsStore store, RoomCatalog rooms, DueRooms dueRooms) {
    this.pool = pool;
    this.transactions = transactions;
    this.store = store;
    this.rooms = rooms;
    this.dueRooms = dueRooms;
  }

  /** A change as recorded: the concert's row after it, and its settings before it. */
  private record Updated(Row row, ControlsChange.Settings before) {}

  /**
   * Applies {@code change}; the concert with its room after it. Once the change is committed it
   * is in force, whatever follows: if Redis then fails, the live copy is written back by the next
   * ticks (from the record, within a second) and the answer's {@code room} is null.
   */
  Future<JsonObject> change(long concertId, ControlsChange change) {
    // Read first: whether the opening began (it is Redis that draws), and Redis answers at all
    // (if not: 503 and nothing was changed).
    return rooms.room(concertId).compose(store::openingStarted)
        .compose(openingStarted -> transactions.run(connection -> update(connection, concertId, change, openingStarted)))
        .compose(updated -> {
          Room after = RoomCatalog.from(updated.row(), rooms.serviceWide());
          if (after.paused() && !updated.before().paused()) {
            RoomMetrics.pausedByOperator(after.id());
          }
          return store.write(after)
              .compose(written -> after.opensAt().equals(updated.before().opensAt())
                  ? Future.<Void>succeededFuture()
                  // An earlier opening: the timer's list must have the room due then.
                  : dueRooms.touch(after, after.opensAtMillis()))
              .compose(v -> report(concertId))
              .recover(failure -> {
                LOG.warn("room {}: the change (version {}) is recorded, but Redis failed after it ({}); the ticks write it back",
                    after.id(), after.controlsVersion(), failure.toString());
                return Future.succeededFuture(null);
              })
              .map(room -> concert(updated.row()).put("room", room));
        });
  }

  private Future<Updated> update(SqlConnection connection, long concertId, ControlsChange change, boolean openingStarted) {
    return connection.preparedQuery(LOCK).execute(Tuple.of(concertId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiException.notFound("No concert " + concertId));
      }
      Row row = rows.iterator().next();
      ControlsChange.Settings current = new ControlsChange.Settings(instant(row, "sales_open_at"),
          instant(row, "sales_close_at"), row.getInteger("admit_per_second"), row.getInteger("max_active"),
          row.getBoolean("paused"));
      ControlsChange.Settings next = change.applyTo(current,
          openingStarted || row.getBoolean("opening_recorded"), instant(row, "now"), concertId);
      return connection.preparedQuery(UPDATE).execute(Tuple.of(concertId, offset(next.opensAt()), offset(next.closesAt()),
              next.admitPerSecond(), next.maxActive(), next.paused()))
          .map(updated -> new Updated(updated.iterator().next(), current))
          // In the change's own transaction: the trail has every change that committed, no other.
          .compose(updated -> ActionTrail.record(connection, new OperatorAction(Actor.ADMIN, "concert.controls",
                  "concert:" + concertId, change.given().put("controlsVersion", updated.row().getLong("controls_version"))))
              .map(updated));
    });
  }

  /** The room of {@code concertId} as its operators see it, from the record and Redis now. */
  Future<JsonObject> report(long concertId) {
    return pool.preparedQuery(FIND).execute(Tuple.of(concertId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiException.notFound("No concert " + concertId));
      }
      Row row = rows.iterator().next();
      Room room = RoomCatalog.from(row, rooms.serviceWide());
      return store.counts(room).map(counts -> new JsonObject()
          .put("concertId", concertId)
          .put("waiting", counts.waiting() + counts.preQueue())
          .put("preQueue", counts.preQueue())
          .put("active", counts.active())
          .put("admittedTotal", counts.admittedTotal())
          .put("abandonedTotal", counts.abandonedTotal())
          .put("admitPerSecond", room.admitPerSecond())
          .put("maxActive", room.maxActive())
          .put("paused", room.paused())
          .put("opensAt", room.opensAt().toString())
          .put("openedAt", counts.openedAt() == null ? null : counts.openedAt().toString())
          .put("salesCloseAt", room.closesAt() == null ? null : room.closesAt().toString()));
    });
  }

  /** The concert's part of a change's answer: its sale settings as recorded. */
  private JsonObject concert(Row row) {
    Room room = RoomCatalog.from(row, rooms.serviceWide());
    return new JsonObject()
        .put("concertId", room.concertId())
        .put("title", row.getString("title"))
        .put("salesOpenAt", room.opensAt().toString())
        .put("salesCloseAt", room.closesAt() == null ? null : room.closesAt().toString())
        .put("admitPerSecond", room.admitPerSecond())
        .put("maxActive", room.maxActive())
        .put("paused", room.paused())
        .put("controlsVersion", room.controlsVersion());
  }

  private static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }

  private static OffsetDateTime offset(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
