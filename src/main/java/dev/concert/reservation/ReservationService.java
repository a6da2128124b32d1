package dev.concert.reservation;

import dev.concert.buyers.HoldLimits;
import dev.concert.concert.Hall;
import dev.concert.concert.SalesCalendar;
import dev.concert.concert.Schedule;
import dev.concert.concert.ScheduleCatalog;
import dev.concert.logging.RequestScope;
import dev.concert.metrics.DomainMetrics;
import dev.concert.outbox.DomainEvent;
import dev.concert.outbox.EventType;
import dev.concert.seats.Seats;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Holding, reading and cancelling reservations: Redis decides fast, Postgres records for good. */
public final class ReservationService {
  private static final Logger LOG = LoggerFactory.getLogger(ReservationService.class);

  private final ScheduleCatalog schedules;
  private final SalesCalendar sales;
  private final Seats seats;
  private final ReservationRepository repository;
  private final long holdMillis;
  private final HoldLimits limits;
  private final SeatRecovery recovery;
  private final UnsettledHolds unsettled;
  private final Clock clock;

  public ReservationService(io.vertx.core.Vertx vertx, ScheduleCatalog schedules, SalesCalendar sales, Seats seats,
      ReservationRepository repository, long holdMillis, HoldLimits limits, Clock clock) {
    this.schedules = schedules;
    this.sales = sales;
    this.seats = seats;
    this.repository = repository;
    this.holdMillis = holdMillis;
    this.limits = limits;
    this.recovery = new SeatRecovery(repository, seats);
    this.unsettled = new UnsettledHolds(vertx, repository, seats, clock);
    this.clock = clock;
  }

  public Future<Reservation> hold(UUID userId, HoldRequest request) {
    // Before the concert's opening nobody holds, whatever the token (SALES_NOT_OPEN).
    return schedules.requireHall(request.scheduleId()).compose(hall -> sales.requireOpen(hall.schedule().concertId(),
        clock.instant()).map(hall)).compose(hall -> {
      Schedule schedule = hall.schedule();
      if (!schedule.isInFuture(clock.instant())) {
        return Future.failedFuture(ApiException.notFound("schedule " + schedule.id() + " is no longer bookable"));
      }
      request.validateAgainst(hall);
      UUID reservationId = UUID.randomUUID();
      RequestScope.reservation(reservationId);
      return place(hall, reservationId, userId, request).compose(placed -> {
        Seats.HoldResult result = placed.result();
        if (result.rateLimited()) {
          return Future.failedFuture(limits.tooManyAttempts(result.retryAfterMillis()));
        }
        if (result.overLimit()) {
          return Future.failedFuture(limits.seatLimitExceeded());
        }
        if (!result.held()) {
          return Future.failedFuture(request.isBest() ? noneFit(request) : seatUnavailable(result.unavailableSeat()));
        }
        List<Integer> places = placed.seats();
        Reservation held = new Reservation(reservationId, userId, schedule.id(), places,
            hall.amount(places), ReservationStatus.HELD, result.heldUntil(), hall.places(places));
        DomainEvent event = DomainEvent.of(EventType.ReservationHeld, clock.instant(), reservationId, userId,
            schedule.id(), places, null, held.seats());
        return repository.insertHold(held, event, limits.maxSeatsPerUser())
            .recover(failure -> undoHold(held, failure))
            .map(recorded -> {
              DomainMetrics.holdsPlaced();
              LOG.debug("hold placed on seats {} of schedule {}", held.seatNumbers(), held.scheduleId());
              return held;
            });
      });
    });
  }

  /**
   * Holds in Redis: the places named, or the best available ones (picked in the same step). The
   * answer with the places held.
   */
  private Future<Seats.BestResult> place(Hall hall, UUID reservationId, UUID userId, HoldRequest request) {
    long scheduleId = hall.schedule().id();
    if (request.isBest()) {
      // Given up on (Redis stalled): the hold carries its deadline and does nothing if it runs later.
      // The places are unknown to this side, so there is nothing to release; were clocks to disagree,
      // a late hold has no reservation in Postgres and lapses by itself at its end plus the grace.
      return seats.holdBest(scheduleId, reservationId, userId, hall.seatLayout(), request.bestOf(hall), holdMillis,
          limits.rules());
    }
    return seats.hold(scheduleId, reservationId, userId, request.seatNumbers(), holdMillis, limits.rules()).recover(failure -> {
      // Given up on (Redis stalled): the hold carries its deadline and does nothing if it runs
      // later; the release, behind it on the same connection, also undoes it should clocks disagree.
      seats.release(scheduleId, reservationId, request.seatNumbers());
      return Future.failedFuture(failure);
    }).map(result -> new Seats.BestResult(result, result.held() ? request.seatNumbers() : List.of()));
  }

  private static ApiException noneFit(HoldRequest request) {
    DomainMetrics.seatConflicts();
    HoldRequest.Best best = request.best();
    return new ApiException(ErrorCode.SEAT_UNAVAILABLE, "no " + best.quantity() + " free places"
        + (best.together() ? " together" : "") + " in " + (best.grade() != null ? "grade '" + best.grade() + "'"
            : "section " + best.sectionId()));
  }

  public Future<Reservation> get(UUID userId, UUID reservationId) {
    return repository.find(reservationId).compose(found -> ownedBy(found, userId, reservationId));
  }

  public Future<Void> cancel(UUID userId, UUID reservationId) {
    return repository.cancel(reservationId, userId, clock.instant()).compose(cancelled -> {
      if (cancelled.isPresent()) {
        Reservation r = cancelled.get();
        DomainMetrics.holdsCancelled();
        // Committed: a failed release only delays the seats until the hold lapses in Redis.
        return seats.release(r.scheduleId(), r.id(), r.seatNumbers())
            .onFailure(failure -> LOG.warn("releasing cancelled hold {} in Redis failed: {}", r.id(), failure.toString()))
            .otherwiseEmpty()
            .mapEmpty();
      }
      return repository.find(reservationId).compose(found -> ownedBy(found, userId, reservationId))
          .compose(r -> Future.failedFuture(notHeld(r)));
    });
  }

  /** Postgres refused or failed: free the Redis hold before answering, so nothing is left behind. */
  private Future<Void> undoHold(Reservation held, Throwable failure) {
    if (failure instanceof ApiException api && api.code() == ErrorCode.OUTCOME_UNKNOWN) {
      // The record may exist: the seats stay held in Redis until Postgres tells.
      unsettled.settle(held);
      return Future.failedFuture(new ApiException(ErrorCode.OUTCOME_UNKNOWN, "reservation " + held.id()
          + " may or may not have been recorded: read it with GET /api/v1/reservations/" + held.id()));
    }
    boolean seatTaken = failure instanceof ReservationRepository.SeatTakenException;
    return seats.release(held.scheduleId(), held.id(), held.seatNumbers())
        .otherwiseEmpty()
        // Redis let through a hold on a seat Postgres has taken: Redis is behind the record there.
        .compose(released -> seatTaken ? repairSeats(held) : Future.succeededFuture())
        .compose(repaired -> Future.failedFuture(seatTaken
            ? seatUnavailable(0)
            : failure instanceof ReservationRepository.SeatLimitException ? limits.seatLimitExceeded() : failure));
  }

  private Future<Void> repairSeats(Reservation refused) {
    return recovery.repair(refused.scheduleId(), refused.seatNumbers())
        .onSuccess(written -> LOG.info("Postgres refused a hold Redis let through: {} of seats {} of schedule {} "
            + "written back to Redis from Postgres", written, refused.seatNumbers(), refused.scheduleId()))
        .onFailure(f -> LOG.warn("writing seats {} of schedule {} back to Redis failed (the next rebuild does it): {}",
            refused.seatNumbers(), refused.scheduleId(), f.toString()))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  private static ApiException seatUnavailable(int seat) {
    DomainMetrics.seatConflicts();
    return new ApiException(ErrorCode.SEAT_UNAVAILABLE,
        seat > 0 ? "seat " + seat + " is held or sold" : "a requested seat is held or sold");
  }

  static Future<Reservation> ownedBy(Optional<Reservation> found, UUID userId, UUID reservationId) {
    if (found.isEmpty() || !found.get().ownedBy(userId)) {
      return Future.failedFuture(ApiException.notFound("no reservation " + reservationId));
    }
    return Future.succeededFuture(found.get());
  }

  /** Why a reservation that is not HELD any more cannot be cancelled or paid. */
  public static ApiException notHeld(Reservation r) {
    return r.status() == ReservationStatus.EXPIRED || r.status() == ReservationStatus.HELD
        ? new ApiException(ErrorCode.RESERVATION_EXPIRED, "reservation " + r.id() + " expired at " + r.heldUntil())
        : new ApiException(ErrorCode.RESERVATION_NOT_HELD, "reservation " + r.id() + " is " + r.status());
  }
}
