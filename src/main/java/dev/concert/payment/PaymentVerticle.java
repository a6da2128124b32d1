package dev.concert.payment;

import dev.concert.balance.BalancePort;
import dev.concert.config.AppConfig;
import dev.concert.idempotency.IdempotencyKeys;
import dev.concert.idempotency.Outcome;
import dev.concert.infra.PgClients;
import dev.concert.infra.PgTransactions;
import dev.concert.infra.RedisClients;
import dev.concert.payment.PaymentMessages.Replayed;
import dev.concert.queue.QueueMessages;
import dev.concert.reservation.Reservation;
import dev.concert.reservation.ReservationPort;
import dev.concert.seats.RedisSeats;
import dev.concert.seats.Seats;
import dev.concert.shared.Bus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Payments behind the event bus (balances: {@code balance.BalanceVerticle}, deployed beside it). */
public final class PaymentVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PaymentVerticle.class);

  private final AppConfig config;
  private Bus bus;
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
    bus = Bus.of(vertx);
    return Future.all(
        bus.serve(PaymentMessages.PAY, request -> payments.pay(uuid(request.userId()), uuid(request.reservationId()),
            request.idempotencyKey(), request.tokenId(), request.tokenConcertId()).compose(Outcome::toReply)).completion(),
        bus.serve(PaymentMessages.REPLAY, request -> payments.replay(uuid(request.userId()), uuid(request.reservationId()),
                request.idempotencyKey())
            .compose(found -> found.isEmpty()
                ? Future.succeededFuture(Replayed.NONE)
                : found.get().toReply().map(Replayed::new))).completion(),
        bus.serve(PaymentMessages.REFUND, request -> refunds.refund(uuid(request.userId()), uuid(request.reservationId()),
            request.idempotencyKey()).compose(Outcome::toReply)).completion());
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
    Future<QueueMessages.Ended> ended = endToken(paid, tokenId);
    return Future.join(sold, ended).<Void>mapEmpty().otherwiseEmpty();
  }

  /** Ends the token that paid; a failure leaves it live until a later payment with it ends it (or it times out). */
  private Future<QueueMessages.Ended> endToken(Reservation paid, String tokenId) {
    return bus.request(QueueMessages.END_TOKEN, new QueueMessages.EndToken(paid.userId().toString(), tokenId, paid.scheduleId()))
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

  private static UUID uuid(String id) {
    return UUID.fromString(id);
  }
}
