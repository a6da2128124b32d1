package dev.concert.concert;

import dev.concert.seats.SeatCopies;
import dev.concert.seats.SeatSnapshot;
import dev.concert.seats.SeatStatus;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A big date's reads rendered from this instance's seat copies ({@link SeatCopies}) once per
 * snapshot of the date (and again when a hold in it lapses), never per request: its section counts
 * ({@code GET .../sections}) and each section's map ({@code GET .../seats?section=}); a section's
 * map is rendered again only when its own places changed. One per process, shared by the concert
 * verticles and the HTTP edge of every event loop (immutable entries only), as {@link SeatMapCache}.
 */
public final class HallReadCache {
  /** The section counts as rendered from {@code snapshot}: as JSON and as the body's bytes. */
  private record Counts(Hall hall, SeatSnapshot snapshot, long unchangedUntil, JsonObject json, Buffer body) {}

  /** One section's map as rendered, with the states of its places it was rendered from. */
  private record SectionMap(Hall hall, SeatSnapshot snapshot, long unchangedUntil, SeatStatus[] places, Buffer body) {}

  private record SectionKey(long scheduleId, long sectionId) {}

  private final SeatCopies copies;
  private final Map<Long, Counts> counts = new ConcurrentHashMap<>();
  private final Map<SectionKey, SectionMap> sections = new ConcurrentHashMap<>();

  public HallReadCache(SeatCopies copies) {
    this.copies = copies;
  }

  /** The section counts' body of a date this process has served before, from the copy; null when there is none. */
  public Buffer cachedCounts(long scheduleId) {
    Counts last = counts.get(scheduleId);
    SeatSnapshot snapshot = last == null ? null : copies.current(scheduleId);
    return snapshot == null ? null : counts(last.hall(), snapshot, last).body();
  }

  /** A section's map of a date this process has served before, from the copy; null when there is none. */
  public Buffer cachedSection(long scheduleId, long sectionId) {
    SectionMap last = sections.get(new SectionKey(scheduleId, sectionId));
    SeatSnapshot snapshot = last == null ? null : copies.current(scheduleId);
    return snapshot == null ? null : section(last.hall(), sectionId, snapshot, last).body();
  }

  /** The section counts from the copy, or from {@code fromRedis} (for this read only) while there is none. */
  Future<JsonObject> counts(Hall hall, Supplier<Future<SeatStatus[]>> fromRedis) {
    SeatSnapshot snapshot = copies.current(hall.schedule().id());
    if (snapshot == null) {
      return fromRedis.get().map(states -> countsJson(hall, states));
    }
    return Future.succeededFuture(counts(hall, snapshot, counts.get(hall.schedule().id())).json());
  }

  /** One section's map from the copy, or from {@code fromRedis} (for this read only) while there is none. */
  Future<Buffer> section(Hall hall, int sectionIndex, Supplier<Future<SeatStatus[]>> fromRedis) {
    long sectionId = hall.venue().sections().get(sectionIndex).id();
    SeatSnapshot snapshot = copies.current(hall.schedule().id());
    if (snapshot == null) {
      return fromRedis.get().map(states -> hall.render(states, sectionIndex));
    }
    return Future.succeededFuture(section(hall, sectionId, snapshot,
        sections.get(new SectionKey(hall.schedule().id(), sectionId))).body());
  }

  static JsonObject countsJson(Hall hall, SeatStatus[] states) {
    return new JsonObject().put("scheduleId", hall.schedule().id())
        .put("items", hall.sections(hall.availableBySection(states)));
  }

  private Counts counts(Hall hall, SeatSnapshot snapshot, Counts last) {
    long now = SeatSnapshot.now();
    if (last != null && last.snapshot() == snapshot && now < last.unchangedUntil()) {
      return last;
    }
    JsonObject json = countsJson(hall, snapshot.states(hall.capacity(), now));
    Counts rendered = new Counts(hall, snapshot, snapshot.unchangedUntil(now), json, json.toBuffer());
    counts.put(hall.schedule().id(), rendered);
    return rendered;
  }

  private SectionMap section(Hall hall, long sectionId, SeatSnapshot snapshot, SectionMap last) {
    long now = SeatSnapshot.now();
    if (last != null && last.snapshot() == snapshot && now < last.unchangedUntil()) {
      return last;
    }
    int index = hall.venue().sectionIndexWithId(sectionId);
    var section = hall.venue().sections().get(index);
    SeatStatus[] states = snapshot.states(hall.capacity(), now);
    SeatStatus[] places = Arrays.copyOfRange(states, section.firstSeat() - 1, section.lastSeat());
    // Another section's change gives a new snapshot: this section's map is kept if its places are as they were.
    Buffer body = last != null && Arrays.equals(last.places(), places) ? last.body() : hall.render(states, index);
    SectionMap rendered = new SectionMap(hall, snapshot, snapshot.unchangedUntil(now), places, body);
    sections.put(new SectionKey(hall.schedule().id(), sectionId), rendered);
    return rendered;
  }
}
