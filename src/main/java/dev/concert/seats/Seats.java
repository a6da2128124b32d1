package dev.concert.seats;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The seat state every feature uses (reservation, payment, the concert seat map): held, sold,
 * withheld or free, kept in Redis and changed only by this module's Lua scripts, rebuilt from Postgres at start
 * and after Redis lost its data.
 * Callers never see the Redis encoding.
 */
public interface Seats {
  /**
   * Either held until {@code heldUntil}, or refused because of {@code unavailableSeat}, or refused
   * because the buyer would pass the per-buyer limit ({@code overLimit}), or refused because the
   * buyer tries too often ({@code retryAfterMillis} above 0: when an attempt would be allowed).
   */
  record HoldResult(boolean held, Instant heldUntil, int unavailableSeat, boolean overLimit, long retryAfterMillis) {
    public boolean rateLimited() {
      return retryAfterMillis > 0;
    }
  }

  /**
   * What one buyer may do on one schedule, checked in the hold's own step: at most
   * {@code maxSeatsPerUser} live seats, at most {@code holdsPerSecond} hold attempts a second
   * (a burst of that many, then one every 1/n s). 0 turns either off.
   */
  record BuyerLimits(int maxSeatsPerUser, int holdsPerSecond) {
    public static final BuyerLimits NONE = new BuyerLimits(0, 0);
  }

  /** What a withholding did: the places withheld now, and those it left alone (held or sold). */
  record Withholding(List<Integer> withheld, List<Integer> notWithheld) {}

  /**
   * Best available: {@code quantity} places of {@code sections} (indices in venue order, searched in
   * the order given), adjacent in one row when {@code together} (standing floors: the lowest entry numbers).
   */
  record BestRequest(int quantity, boolean together, List<Integer> sections) {
    public BestRequest {
      sections = List.copyOf(sections);
    }
  }

  /** A best-available hold's answer, and the places picked (ascending) when held. */
  record BestResult(HoldResult result, List<Integer> seats) {
    public BestResult {
      seats = List.copyOf(seats);
    }
  }

  /** A seat Postgres says is taken: held until {@code heldUntil}, or sold. */
  record TakenSeat(long scheduleId, int seatNumber, UUID reservationId, boolean sold, Instant heldUntil) {}

  /**
   * Holds all of {@code seats} for {@code holdMillis}, or none (one script, atomic); also none if
   * the user would then pass the {@code limits} on this schedule. Every attempt that gets this far
   * counts against the user's hold rate on the schedule, a refused one included.
   */
  Future<HoldResult> hold(long scheduleId, UUID reservationId, UUID userId, List<Integer> seats, long holdMillis,
      BuyerLimits limits);

  /** Marks the schedule cancelled in Redis: every later hold of it is refused in its own step (idempotent). */
  Future<Void> markCancelled(long scheduleId);

  /**
   * Picks the best free places that fit {@code best} in {@code layout} (the date's) and holds them, in
   * one atomic step, under the same limits as {@link #hold}; not held (and no seat unavailable named)
   * when none fit.
   */
  Future<BestResult> holdBest(long scheduleId, UUID reservationId, UUID userId, Seats.Layout layout, BestRequest best,
      long holdMillis, BuyerLimits limits);

  /** Frees the seats that are still held by this reservation; returns how many. */
  Future<Integer> release(long scheduleId, UUID reservationId, List<Integer> seats);

  /** Marks the reservation's seats sold. */
  Future<Void> sell(long scheduleId, UUID reservationId, List<Integer> seats);

  /** Frees the seats still sold to this reservation (a refund); returns how many. */
  Future<Integer> giveBack(long scheduleId, UUID reservationId, List<Integer> seats);

  /**
   * Withholds from the sale exactly those of {@code seats} that are free at this instant (one
   * script, atomic against every hold); a place already withheld counts as withheld.
   */
  Future<Withholding> withhold(long scheduleId, List<Integer> seats);

  /** Puts those of {@code seats} that are withheld back on sale; returns them. */
  Future<List<Integer>> putBack(long scheduleId, List<Integer> seats);

  /**
   * Writes withheld places from their record back to Redis, on places Redis has free (after a
   * Redis loss). Returns the places written.
   */
  Future<List<Integer>> rebuildWithheld(long scheduleId, List<Integer> seats);

  /** The states of seats 1..{@code totalSeats} of a schedule, seat 1 first (one read). */
  Future<SeatStatus[]> states(long scheduleId, int totalSeats);

  /** How many seats of each schedule are taken (held, sold or withheld; a lapsed hold is free), in order (one pipelined batch). */
  Future<List<Integer>> takenCounts(List<Long> scheduleIds);

  /**
   * Writes what Postgres says is taken back to Redis (Postgres wins): sold seats always, holds on
   * seats Redis has free. Returns the seats written, for the caller to look up once more (a
   * reservation that ended between its read and this write must be released again).
   */
  Future<List<TakenSeat>> rebuild(List<TakenSeat> taken);

  /**
   * A date's places as best available reads them: its sections in venue order, each a list of rows
   * (place ranges in layout order; a standing floor is one range). Written to Redis once per date
   * (seats_layout.lua) when a best-available hold finds it missing.
   */
  record Layout(List<Block> sections) {
    public Layout {
      sections = List.copyOf(sections);
    }

    /** A section: standing (one range of entry numbers) or seated (its rows). */
    public record Block(boolean standing, List<Range> rows) {
      public Block {
        rows = List.copyOf(rows);
      }
    }

    /** Places {@code first..last}. */
    public record Range(int first, int last) {}

    /** The arguments of seats_layout.lua: the section count, each section's row range, each row. */
    List<String> scriptArgs() {
      List<String> args = new ArrayList<>();
      List<String> rows = new ArrayList<>();
      args.add(Integer.toString(sections.size()));
      for (Block section : sections) {
        int first = rows.size();
        section.rows().forEach(row -> rows.add(row.first() + " " + row.last() + " " + (section.standing() ? 1 : 0)));
        args.add(first + " " + (rows.size() - 1));
      }
      args.addAll(rows);
      return args;
    }
  }
}
