package dev.concert.venues;

import dev.concert.infra.Resources;
import dev.concert.trail.ActionTrail;
import dev.concert.trail.Actor;
import dev.concert.trail.OperatorAction;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Venues and their numbered sections in Postgres. */
public final class VenueRepository {
  private static final String INSERT_VENUE = Resources.sql("venues/insert_venue");
  private static final String INSERT_SECTION = Resources.sql("venues/insert_section");
  private static final String FIND_VENUE = Resources.sql("venues/find_venue");
  private static final String FIND_SECTIONS = Resources.sql("venues/find_sections");

  private final Pool pool;

  public VenueRepository(Pool pool) {
    this.pool = pool;
  }

  /** An operator's venue and its sections in one transaction, recorded in the trail in it; the stored venue, ids set. */
  public Future<Venue> create(NewVenue venue) {
    return pool.withTransaction(connection -> insert(connection, venue).compose(stored ->
        ActionTrail.record(connection, new OperatorAction(Actor.ADMIN, "venue.create", "venue:" + stored.id(),
            new JsonObject().put("name", stored.name()).put("capacity", stored.capacity())
                .put("sections", stored.sections().size()))).map(stored)));
  }

  /** In a transaction the caller runs (the demo data creates its stadium with its concert). */
  public Future<Venue> insert(SqlConnection connection, NewVenue venue) {
    List<Section> numbered = venue.numbered();
    return connection.preparedQuery(INSERT_VENUE).execute(Tuple.of(venue.name(), venue.capacity())).compose(rows -> {
      long venueId = rows.iterator().next().getLong("id");
      List<Tuple> batch = new ArrayList<>(numbered.size());
      for (int i = 0; i < numbered.size(); i++) {
        Section s = numbered.get(i);
        batch.add(Tuple.of(venueId, i + 1, s.name(), s.kind().name(), s.firstSeat(), s.lastSeat(), rowsJson(s), s.shape()));
      }
      return connection.preparedQuery(INSERT_SECTION).executeBatch(batch).map(result -> {
        List<Section> stored = new ArrayList<>(numbered.size());
        RowSet<Row> ids = result;
        for (Section section : numbered) {
          stored.add(section.withId(ids.iterator().next().getLong("id")));
          ids = ids.next();
        }
        return new Venue(venueId, venue.name(), venue.capacity(), stored);
      });
    });
  }

  public Future<Optional<Venue>> find(long venueId) {
    return pool.preparedQuery(FIND_VENUE).execute(Tuple.of(venueId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(Optional.empty());
      }
      Row venue = rows.iterator().next();
      return pool.preparedQuery(FIND_SECTIONS).execute(Tuple.of(venueId)).map(sections -> {
        List<Section> list = new ArrayList<>();
        sections.forEach(row -> list.add(section(row)));
        return Optional.of(new Venue(venueId, venue.getString("name"), venue.getInteger("capacity"), list));
      });
    });
  }

  private static JsonArray rowsJson(Section section) {
    if (section.kind() == SectionKind.STANDING) {
      return null;
    }
    JsonArray rows = new JsonArray();
    section.rows().forEach(row -> rows.add(new JsonObject().put("label", row.label()).put("seats", row.seats())));
    return rows;
  }

  private static Section section(Row row) {
    SectionKind kind = SectionKind.valueOf(row.getString("kind"));
    int first = row.getInteger("first_seat");
    List<SeatRow> rows = new ArrayList<>();
    if (kind == SectionKind.SEATED) {
      // The stored labels and seat counts; their place numbers follow again from the numbering rule.
      int next = first;
      JsonArray stored = (JsonArray) row.getJson("seat_rows");
      for (int i = 0; i < stored.size(); i++) {
        JsonObject r = stored.getJsonObject(i);
        rows.add(new SeatRow(r.getString("label"), r.getInteger("seats"), next));
        next += r.getInteger("seats");
      }
    }
    Object shape = row.getJson("shape");
    return new Section(row.getLong("id"), row.getString("name"), kind, first, row.getInteger("last_seat"), rows,
        shape instanceof JsonObject json ? json : null);
  }
}
