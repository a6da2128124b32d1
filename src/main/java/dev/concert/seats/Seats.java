package dev.concert.seats;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The seat state every feature uses (reservation, payment, the concert seat map): held, sold or
 * free, kept in Redis and changed only by this module's Lua scripts, rebuilt from Postgres at start
 * and after Redis lost its data.
 * Callers never see the Redis encoding.
 */
public interface Seats {
  /**
   * Either held until {@code heldUntil}, or refused because of {@code unavailableSeat}, or refused
   * because the buyer would pass the per-buyer limit ({@code overLimit}).
   */
  record HoldResult(boolean held, Instant heldUntil, int unavailableSeat, boolean overLimit) {}

  /** A seat Postgres says is taken: held until {@code heldUntil}, or sold. */
  record TakenSeat(long scheduleId, int seatNumber, UUID reservationId, boolean sold, Instant heldUntil) {}

  /**
   * Holds all of {@code seats} for {@code holdMillis}, or none (one script, atomic); with
   * {@code maxSeatsPerUser} above 0, also none if the user would then have more live seats of the
   * schedule than that.
   */
  Future<HoldResult> hold(long scheduleId, UUID reservationId, UUID userId, List<Integer> seats, long holdMillis,
      int maxSeatsPerUser);

  /** Frees the seats that are still held by this reservation; returns how many. */
  Future<Integer> release(long scheduleId, UUID reservationId, List<Integer> seats);

  /** Marks the reservation's seats sold. */
  Future<Void> sell(long scheduleId, UUID reservationId, List<Integer> seats);

  /** Frees the seats still sold to this reservation (a refund); returns how many. */
  Future<Integer> giveBack(long scheduleId, UUID reservationId, List<Integer> seats);

  /** The states of seats 1..{@code totalSeats} of a schedule, seat 1 first (one read). */
  Future<SeatStatus[]> states(long scheduleId, int totalSeats);

  /** How many seats of each schedule are taken (held or sold; a lapsed hold is free), in order (one pipelined batch). */
  Future<List<Integer>> takenCounts(List<Long> scheduleIds);

  /**
   * Writes what Postgres says is taken back to Redis (Postgres wins): sold seats always, holds on
   * seats Redis has free. Returns the seats written, for the caller to look up once more (a
   * reservation that ended between its read and this write must be released again).
   */
  Future<List<TakenSeat>> rebuild(List<TakenSeat> taken);
}
