package dev.concert.seats;

import dev.concert.infra.LuaScript;
import dev.concert.infra.TimedRedis;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The fast gate on seats in Redis: hold all or none, release one's own, sell, restore. */
final class SeatLocks {
  private static final LuaScript HOLD = LuaScript.load("seats_hold");
  private static final LuaScript FREE = LuaScript.load("seats_free");
  private static final LuaScript SELL = LuaScript.load("seats_sell");
  private static final LuaScript RESTORE = LuaScript.load("seats_restore");
  private static final LuaScript BEST = LuaScript.load("seats_best");
  private static final LuaScript LAYOUT = LuaScript.load("seats_layout");
  private static final LuaScript WITHHOLD = LuaScript.load("seats_withhold");
  private static final LuaScript PUT_BACK = LuaScript.load("seats_put_back");

  private final Redis redis;
  private final HoldClock clock;

  public SeatLocks(Redis redis) {
    this(redis, HoldClock.system());
  }

  public SeatLocks(Redis redis, HoldClock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  /** Holds all or none, within the buyer's limits on the schedule (the seat limit and the hold rate). */
  public Future<Seats.HoldResult> hold(long scheduleId, UUID reservationId, UUID userId, List<Integer> seats,
      long holdMillis, Seats.BuyerLimits limits) {
    return clock.known(redis).compose(known -> runHold(scheduleId, reservationId, userId, seats, holdMillis, limits));
  }

  private Future<Seats.HoldResult> runHold(long scheduleId, UUID reservationId, UUID userId, List<Integer> seats,
      long holdMillis, Seats.BuyerLimits limits) {
    List<String> args = holdArgs(reservationId, holdMillis, limits);
    seats.forEach(seat -> args.add(seat.toString()));
    return HOLD.run(redis, holdKeys(scheduleId, userId), args).compose(r -> switch (r.get(0).toInteger()) {
      case 1 -> Future.succeededFuture(new Seats.HoldResult(true, Instant.ofEpochMilli(r.get(1).toLong()), 0, false, 0));
      case 2 -> Future.succeededFuture(new Seats.HoldResult(false, null, 0, true, 0));
      case 3 -> Future.succeededFuture(new Seats.HoldResult(false, null, 0, false, r.get(1).toLong()));
      case 0 -> Future.succeededFuture(new Seats.HoldResult(false, null, r.get(1).toInteger(), false, 0));
      case 5 -> Future.failedFuture(cancelled(scheduleId));
      default -> Future.failedFuture(ApiException.unavailable("the seat hold ran past its deadline; nothing was held"));
    });
  }

  /** Marks the schedule cancelled: every later hold of it is refused (idempotent). */
  public Future<Void> markCancelled(long scheduleId) {
    return redis.send(Request.cmd(Command.SET).arg(SeatKeys.cancelled(scheduleId)).arg("1")).mapEmpty();
  }

  /**
   * Picks and holds the best free places of {@code best.sections()} (seats_best.lua). The date's rows
   * are written to Redis from {@code layout} first when missing (the first such hold of the date, or
   * the first after a Redis loss), then the hold is asked again.
   */
  public Future<Seats.BestResult> holdBest(long scheduleId, UUID reservationId, UUID userId, Seats.Layout layout,
      Seats.BestRequest best, long holdMillis, Seats.BuyerLimits limits) {
    return clock.known(redis).compose(known -> runBest(scheduleId, reservationId, userId, best, holdMillis, limits))
        .compose(result -> result != null ? Future.succeededFuture(result)
            : LAYOUT.run(redis, layoutKeys(scheduleId), layout.scriptArgs())
                .compose(written -> runBest(scheduleId, reservationId, userId, best, holdMillis, limits))
                .compose(again -> again != null ? Future.succeededFuture(again)
                    : Future.failedFuture(ApiException.unavailable("the date's rows could not be written to Redis"))));
  }

  /** The answer, or null when the date's rows are not in Redis. */
  private Future<Seats.BestResult> runBest(long scheduleId, UUID reservationId, UUID userId, Seats.BestRequest best,
      long holdMillis, Seats.BuyerLimits limits) {
    List<String> args = holdArgs(reservationId, holdMillis, limits);
    args.add(Integer.toString(best.quantity()));
    args.add(best.together() ? "1" : "0");
    best.sections().forEach(section -> args.add(section.toString()));
    return BEST.run(redis, holdKeys(scheduleId, userId), args).compose(r -> switch (r.get(0).toInteger()) {
      case 1 -> {
        List<Integer> seats = new ArrayList<>(r.size() - 2);
        for (int i = 2; i < r.size(); i++) {
          seats.add(r.get(i).toInteger());
        }
        yield Future.succeededFuture(new Seats.BestResult(
            new Seats.HoldResult(true, Instant.ofEpochMilli(r.get(1).toLong()), 0, false, 0), seats));
      }
      case 2 -> Future.succeededFuture(new Seats.BestResult(new Seats.HoldResult(false, null, 0, true, 0), List.of()));
      case 3 -> Future.succeededFuture(new Seats.BestResult(new Seats.HoldResult(false, null, 0, false, r.get(1).toLong()), List.of()));
      case 0 -> Future.succeededFuture(new Seats.BestResult(new Seats.HoldResult(false, null, 0, false, 0), List.of()));
      case 4 -> Future.succeededFuture(null);
      case 5 -> Future.failedFuture(cancelled(scheduleId));
      default -> Future.failedFuture(ApiException.unavailable("the seat hold ran past its deadline; nothing was held"));
    });
  }

  private List<String> holdArgs(UUID reservationId, long holdMillis, Seats.BuyerLimits limits) {
    List<String> args = new ArrayList<>(16);
    args.add(reservationId.toString());
    args.add(Long.toString(holdMillis));
    args.add(Long.toString(SeatKeys.LAPSE_GRACE_MILLIS));
    args.add(Integer.toString(limits.maxSeatsPerUser()));
    // A hold that runs after this caller gave up (a stalled Redis) does nothing. The script
    // compares the deadline with Redis's TIME, so it is set by Redis's clock (HoldClock).
    args.add(Long.toString(TimedRedis.deadlineOf(redis, clock.millis())));
    args.add(Integer.toString(limits.holdsPerSecond()));
    return args;
  }

  private static List<String> holdKeys(long scheduleId, UUID userId) {
    List<String> keys = new ArrayList<>(7);
    keys.add(SeatKeys.seats(scheduleId));
    keys.add(BuyerKeys.seats(scheduleId, userId));
    keys.add(BuyerKeys.holdAttempts(scheduleId, userId));
    keys.addAll(SeatKeys.rows(scheduleId));
    keys.add(SeatKeys.cancelled(scheduleId));
    return keys;
  }

  /** A hold script found the date's cancelled marker (seats_on_sale.lua): nothing was held or counted. */
  private static ApiException cancelled(long scheduleId) {
    return new ApiException(ErrorCode.SCHEDULE_CANCELLED, "schedule " + scheduleId + " is cancelled");
  }

  /** The seat hash and the date's rows: the keys of every script that changes seats. */
  private static List<String> layoutKeys(long scheduleId) {
    List<String> keys = new ArrayList<>(4);
    keys.add(SeatKeys.seats(scheduleId));
    keys.addAll(SeatKeys.rows(scheduleId));
    return keys;
  }

  /** Frees the seats that are still held by this reservation; returns how many. */
  public Future<Integer> release(long scheduleId, UUID reservationId, List<Integer> seats) {
    return free("H", scheduleId, reservationId, seats);
  }

  public Future<Void> sell(long scheduleId, UUID reservationId, List<Integer> seats) {
    return SELL.run(redis, layoutKeys(scheduleId), withSeats(reservationId, seats)).mapEmpty();
  }

  /** Frees the seats still sold to this reservation; returns how many. */
  public Future<Integer> giveBack(long scheduleId, UUID reservationId, List<Integer> seats) {
    return free("S", scheduleId, reservationId, seats);
  }

  private Future<Integer> free(String heldOrSold, long scheduleId, UUID reservationId, List<Integer> seats) {
    List<String> args = new ArrayList<>(seats.size() + 2);
    args.add(heldOrSold);
    args.addAll(withSeats(reservationId, seats));
    return FREE.run(redis, layoutKeys(scheduleId), args).map(r -> r.toInteger());
  }

  /**
   * Writes seat values (seat number → Redis value) of one schedule from Postgres: sold ones always,
   * holds on free seats only. Returns the seats written.
   */
  public Future<List<Integer>> restore(long scheduleId, Map<Integer, String> values) {
    List<String> args = new ArrayList<>(values.size() * 2);
    values.forEach((seat, value) -> {
      args.add(seat.toString());
      args.add(value);
    });
    return RESTORE.run(redis, layoutKeys(scheduleId), args).map(r -> {
      List<Integer> written = new ArrayList<>(r.size());
      r.forEach(seat -> written.add(seat.toInteger()));
      return written;
    });
  }

  /** Withholds exactly the places free at this instant (one script); the rest are listed back. */
  public Future<Seats.Withholding> withhold(long scheduleId, List<Integer> seats) {
    List<String> args = new ArrayList<>(seats.size() + 1);
    args.add(Long.toString(SeatKeys.LAPSE_GRACE_MILLIS));
    seats.forEach(seat -> args.add(seat.toString()));
    return WITHHOLD.run(redis, layoutKeys(scheduleId), args)
        .map(r -> new Seats.Withholding(numbers(r.get(0)), numbers(r.get(1))));
  }

  /** Ends the withholding of those of {@code seats} that are withheld; returns them. */
  public Future<List<Integer>> putBack(long scheduleId, List<Integer> seats) {
    List<String> args = new ArrayList<>(seats.size());
    seats.forEach(seat -> args.add(seat.toString()));
    return PUT_BACK.run(redis, layoutKeys(scheduleId), args).map(SeatLocks::numbers);
  }

  private static List<Integer> numbers(io.vertx.redis.client.Response list) {
    List<Integer> numbers = new ArrayList<>(list.size());
    list.forEach(seat -> numbers.add(seat.toInteger()));
    return numbers;
  }

  public static String heldValue(UUID reservationId, Instant heldUntil) {
    return "H:" + reservationId + ":" + heldUntil.toEpochMilli();
  }

  public static String soldValue(UUID reservationId) {
    return "S:" + reservationId;
  }

  private static List<String> withSeats(UUID reservationId, List<Integer> seats) {
    List<String> args = new ArrayList<>(seats.size() + 1);
    args.add(reservationId.toString());
    seats.forEach(seat -> args.add(seat.toString()));
    return args;
  }
}
