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
import dev.concert.tickets.TicketCodes;
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
  public static final String HOLD = "reservation.hold";
  public static final String GET = "reservation.get";
  public static final String CANCEL = "reservation.cancel";
  public static final String LIST = "reservation.list";

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
    ReservationService service = new ReservationService(vertx, new ScheduleCatalog(concerts), sales, seats,
        repository, config.holdSeconds() * 1000L, new HoldLimits(config.buyers().maxSeatsPerUser(), config.buyers().rateHoldsPerSecond()), clock);
    MyReservations mine = new MyReservations(pool);
    TicketCodes tickets = new TicketCodes(config.tokenSecret());
    return Future.all(
          Bus.serve(vertx, HOLD, request -> service.hold(user(request), new HoldRequest(
                  request.getLong("scheduleId"),
                  request.getJsonArray("seatNumbers").stream().map(n -> ((Number) n).intValue()).toList()))
              .map(Reservation::toJson)).completion(),
          Bus.serve(vertx, GET, request -> service.get(user(request), reservation(request))
              .map(r -> withTickets(r, tickets))).completion(),
          Bus.serve(vertx, LIST, request -> mine.page(user(request),
                  request.getString("status") == null ? null : ReservationStatus.valueOf(request.getString("status")),
                  request.getInteger("limit"), request.getString("after"))
              .map(page -> {
                JsonArray items = new JsonArray();
                page.items().forEach(r -> items.add(withTickets(r, tickets)));
                return new JsonObject().put("items", items).put("next", page.next());
              })).completion(),
          Bus.serve(vertx, CANCEL, request -> service.cancel(user(request), reservation(request))
              .map(done -> new JsonObject())).completion());
  }

  /** A paid reservation shows its tickets: one signed code a seat. */
  private static JsonObject withTickets(Reservation r, TicketCodes tickets) {
    JsonObject json = r.toJson();
    return r.status() == ReservationStatus.PAID ? json.put("tickets", tickets.tickets(r.id(), r.seatNumbers())) : json;
  }

  private static UUID user(JsonObject request) {
    return UUID.fromString(request.getString("userId"));
  }

  private static UUID reservation(JsonObject request) {
    return UUID.fromString(request.getString("reservationId"));
  }
}
