package dev.concert.payment;

import dev.concert.balance.BalancePort;
import dev.concert.config.AppConfig;
import dev.concert.idempotency.IdempotencyKeys;
import dev.concert.idempotency.Outcome;
import dev.concert.infra.PgClients;
import dev.concert.infra.PgTransactions;
import dev.concert.infra.RedisClients;
import dev.concert.queue.QueueVerticle;
import dev.concert.reservation.Reservation;
import dev.concert.reservation.ReservationPort;
import dev.concert.seats.RedisSeats;
import dev.concert.seats.Seats;
import dev.concert.shared.Bus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Payments behind the event bus (balances: {@code balance.BalanceVerticle}, deployed beside it). */
public final class PaymentVerticle extends VerticleBase {
  public static final String PAY = "payment.pay";
  public static final String REPLAY = "payment.replay";
  public static final String REFUND = "payment.refund";
  private static final Logger LOG = LoggerFactory.getLogger(PaymentVerticle.class);

  private final AppConfig config;
  private Seats seats;
  private SeatReturns seatReturns;

  public PaymentVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    Pool pool = PgClients.pool(vertx, config);
    seats = new RedisSeats(RedisClients.pipelined(vertx, config));
    seatReturns = new SeatReturns(seats);
    BalancePort balances = BalancePort.create();
    PgTransactions transactions = new PgTransactions(vertx, pool, config.deadlines());
    IdempotencyKeys keys = new IdempotencyKeys(pool, transactions);
    ReservationPort reservations = ReservationPort.create(pool, transactions, config);
    PaymentService payments = new PaymentService(balances, reservations, keys, this::afterPayment,
        (spent, tokenId) -> endToken(spent, tokenId).<Void>mapEmpty().otherwiseEmpty(), Clock.systemUTC());
    RefundService refunds = new RefundService(balances, reservations,
        keys, seatReturns, config.refundCutoffHours(), this::afterRefund, Clock.systemUTC());
    return Future.all(
        Bus.serve(vertx, PAY, request -> payments.pay(user(request), reservation(request),
            request.getString("idempotencyKey"), request.getString("tokenId"), request.getLong("tokenConcertId"))
            .compose(Outcome::toReply)).completion(),
        Bus.serve(vertx, REPLAY, request -> payments.replay(user(request), reservation(request),
                request.getString("idempotencyKey"))
            .compose(found -> found.isEmpty()
                ? Future.succeededFuture(new JsonObject().put("found", false))
                : found.get().toReply().map(reply -> reply.put("found", true)))).completion(),
        Bus.serve(vertx, REFUND, request -> refunds.refund(user(request), reservation(request),
            request.getString("idempotencyKey")).compose(Outcome::toReply)).completion());
  }

  /**
   * The sale is committed: sell the seats in Redis and end the token that paid (not another token
   * of the user's). Failures only delay, never undo.
   */
  private Future<Void> afterPayment(Reservation paid, String tokenId) {
    LOG.debug("payment of {} committed", paid.amount());
    Future<Void> sold = seats.sell(paid.scheduleId(), paid.id(), paid.seatNumbers())
        .onFailure(f -> LOG.warn("marking seats of {} sold in Redis failed (rebuilt from Postgres at start): {}",
            paid.id(), f.toString()));
    Future<JsonObject> ended = endToken(paid, tokenId);
    return Future.join(sold, ended).<Void>mapEmpty().otherwiseEmpty();
  }

  /** Ends the token that paid; a failure leaves it live until a later payment with it ends it (or it times out). */
  private Future<JsonObject> endToken(Reservation paid, String tokenId) {
    return Bus.request(vertx, QueueVerticle.END_TOKEN,
            new JsonObject().put("userId", paid.userId().toString()).put("tokenId", tokenId)
                .put("scheduleId", paid.scheduleId()))
        .onFailure(f -> LOG.warn("ending the token of {} failed (a payment it tries ends it, else it times out): {}",
            paid.userId(), f.toString()));
  }

  /** The refund is committed: free the seats in Redis now (the seat-return sweeper makes good a failure). */
  private Future<Void> afterRefund(Reservation refunded) {
    return seatReturns.free(refunded.scheduleId(), refunded.id(), refunded.seatNumbers())
        .onFailure(f -> LOG.warn("freeing refunded seats of {} in Redis failed (the sweeper retries): {}",
            refunded.id(), f.toString()))
        .<Void>mapEmpty().otherwiseEmpty();
  }

  private static UUID user(JsonObject request) {
    return UUID.fromString(request.getString("userId"));
  }

  private static UUID reservation(JsonObject request) {
    return UUID.fromString(request.getString("reservationId"));
  }
}
