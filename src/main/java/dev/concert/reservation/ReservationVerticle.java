package dev.concert.reservation;

import dev.concert.buyers.HoldLimits;
import dev.concert.concert.ConcertRepository;
import dev.concert.concert.SalesCalendar;
import dev.concert.concert.ScheduleCatalog;
import dev.concert.config.AppConfig;
import dev.concert.infra.PgClients;
import dev.concert.infra.PgTransactions;
import dev.concert.infra.RedisClients;
import dev.concert.outbox.OutboxWriter;
import dev.concert.seats.RedisSeats;
import dev.concert.seats.Seats;
import dev.concert.shared.Bus;
import dev.concert.shared.Done;
import dev.concert.tickets.TicketCodes;
import dev.concert.venues.VenueCatalog;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.UUID;

/**
 * Seat holds behind the event bus: hold, read, list, cancel. One per event loop; the expiry sweep
 * and the seat rebuild are {@link ExpiryAndRecoveryVerticle}'s.
 */
public final class ReservationVerticle extends VerticleBase {
  private final AppConfig config;

  public ReservationVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    Pool pool = PgClients.pool(vertx, config);
    Redis redis = RedisClients.pipelined(vertx, config);
    Clock clock = Clock.systemUTC();
    Seats seats = new RedisSeats(redis);
    ReservationRepository repository = new ReservationRepository(pool,
        new PgTransactions(vertx, pool, config.deadlines()), new OutboxWriter(config));
    ConcertRepository concerts = new ConcertRepository(pool);
    SalesCalendar sales = new SalesCalendar(concerts);
    sales.refreshEvery(vertx);
    ReservationService service = new ReservationService(vertx, new ScheduleCatalog(concerts, VenueCatalog.on(pool)), sales, seats,
        repository, config.holdSeconds() * 1000L, new HoldLimits(config.buyers().maxSeatsPerUser(), config.buyers().rateHoldsPerSecond()), clock);
    MyReservations mine = new MyReservations(pool);
    TicketCodes tickets = new TicketCodes(config.tokenSecret());
    Bus bus = Bus.of(vertx);
    return Future.all(
        bus.serve(ReservationMessages.HOLD, request -> service.hold(UUID.fromString(request.userId()),
                holdRequest(request))
            .map(Reservation::toJson)).completion(),
        bus.serve(ReservationMessages.GET, request -> service.get(user(request), reservation(request))
            .map(r -> withTickets(r, tickets))).completion(),
        bus.serve(ReservationMessages.LIST, request -> mine.page(UUID.fromString(request.userId()),
                request.status() == null ? null : ReservationStatus.valueOf(request.status()),
                request.limit(), request.after())
            .map(page -> {
              JsonArray items = new JsonArray();
              page.items().forEach(r -> items.add(withTickets(r, tickets)));
              return new JsonObject().put("items", items).put("next", page.next());
            })).completion(),
        bus.serve(ReservationMessages.CANCEL, request -> service.cancel(user(request), reservation(request))
            .map(Done.DONE)).completion());
  }

  private static HoldRequest holdRequest(ReservationMessages.Hold request) {
    HoldRequest.Best best = request.quantity() == null ? null : new HoldRequest.Best(request.quantity(),
        request.grade(), request.section(), request.together() == null || request.together());
    return new HoldRequest(request.scheduleId(), request.seatNumbers(), best);
  }

  /** A paid reservation shows its tickets: one signed code a seat. */
  private static JsonObject withTickets(Reservation r, TicketCodes tickets) {
    JsonObject json = r.toJson();
    return r.status() == ReservationStatus.PAID ? json.put("tickets", tickets.tickets(r.id(), r.seatNumbers(), r.seats())) : json;
  }

  private static UUID user(ReservationMessages.Mine request) {
    return UUID.fromString(request.userId());
  }

  private static UUID reservation(ReservationMessages.Mine request) {
    return UUID.fromString(request.reservationId());
  }
}
