package dev.concert.withheld;

import dev.concert.concert.ScheduleCatalog;
import dev.concert.infra.PgTransactions;
import dev.concert.metrics.DomainMetrics;
import dev.concert.seats.Seats;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Withholding places and putting them back: Redis (the gate every hold passes) and Postgres (the
 * record the rebuild after a Redis loss reads) in an order that a crash between them cannot turn
 * into a withheld place on sale: withholding writes Redis first (the script decides which places
 * were free) and then the record; putting back forgets the record first and then frees Redis. A
 * crash between leaves a place off the sale that the record does not hold, never the reverse; the
 * operator's retry (same answer: a place already withheld counts as withheld) completes it.
 */
final class WithheldService {
  private final ScheduleCatalog schedules;
  private final Seats seats;
  private final PgTransactions transactions;

  WithheldService(ScheduleCatalog schedules, Seats seats, PgTransactions transactions) {
    this.schedules = schedules;
    this.seats = seats;
    this.transactions = transactions;
  }

  /** {@code {"withheld":[...],"notWithheld":[...]}}: the places named, as they are after the change. */
  Future<JsonObject> change(WithheldMessages.Change change) {
    return schedules.requireHall(change.scheduleId()).compose(hall -> {
      List<Integer> places = PlacesNamed.of(change, hall);
      return change.withhold() ? withhold(change.scheduleId(), places) : putBack(change.scheduleId(), places);
    });
  }

  private Future<JsonObject> withhold(long scheduleId, List<Integer> places) {
    return seats.withhold(scheduleId, places).compose(done -> transactions.run(tx ->
            WithheldPlaces.recordWithheld(tx, scheduleId, places, done.withheld(), done.notWithheld()))
        .map(recorded -> {
          DomainMetrics.placesWithheld(done.withheld().size());
          return answer(done.withheld(), done.notWithheld());
        }));
  }

  /** Every place named is on sale or taken afterwards: none is withheld. */
  private Future<JsonObject> putBack(long scheduleId, List<Integer> places) {
    return transactions.run(tx -> WithheldPlaces.forget(tx, scheduleId, places))
        .compose(forgotten -> seats.putBack(scheduleId, places))
        .map(back -> {
          DomainMetrics.placesPutBack(back.size());
          return answer(List.of(), places);
        });
  }

  private static JsonObject answer(List<Integer> withheld, List<Integer> notWithheld) {
    return new JsonObject().put("withheld", new JsonArray(withheld)).put("notWithheld", new JsonArray(notWithheld));
  }
}
