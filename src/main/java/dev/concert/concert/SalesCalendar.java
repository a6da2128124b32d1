package dev.concert.concert;

import dev.concert.cluster.ClusterSignals;
import dev.concert.shared.ApiException;
import dev.concert.shared.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each concert's sale opens and closes, cached in process. Operators may move the opening
 * (before it happens) and set the close ({@code PATCH /admin/concerts/{id}}): {@link #refreshEvery}
 * reloads the windows changed, so a change holds on every instance within a second. If Postgres
 * does not answer, the windows as last read stay.
 */
public final class SalesCalendar {
  /** How often the changed windows are read. */
  static final long REFRESH_MILLIS = 400;

  private final ConcertRepository repository;
  private final Map<Long, ConcertRepository.SalesWindow> windows = new ConcurrentHashMap<>();
  private OffsetDateTime changedSince;
  private boolean refreshing;

  public SalesCalendar(ConcertRepository repository) {
    this.repository = repository;
  }

  /**
   * Succeeds when the concert's sale is open at {@code now}; else fails with 403 SALES_NOT_OPEN
   * before its opening, 403 SALES_CLOSED from its close on.
   */
  public Future<Void> requireOpen(long concertId, Instant now) {
    ConcertRepository.SalesWindow cached = windows.get(concertId);
    Future<ConcertRepository.SalesWindow> known = cached != null
        ? Future.succeededFuture(cached)
        : repository.salesWindow(concertId).map(found -> {
          // A schedule's concert always exists.
          ConcertRepository.SalesWindow window = found.orElse(new ConcertRepository.SalesWindow(Instant.EPOCH, null, 0));
          keep(concertId, window);
          return window;
        });
    return known.compose(window -> {
      if (now.isBefore(window.opensAt())) {
        return Future.failedFuture(new ApiException(ErrorCode.SALES_NOT_OPEN,
            "the sale of concert " + concertId + " opens at " + window.opensAt()));
      }
      if (window.closesAt() != null && !now.isBefore(window.closesAt())) {
        return Future.failedFuture(new ApiException(ErrorCode.SALES_CLOSED,
            "the sale of concert " + concertId + " closed at " + window.closesAt()));
      }
      return Future.succeededFuture();
    });
  }

  private void keep(long concertId, ConcertRepository.SalesWindow window) {
    windows.merge(concertId, window, (kept, read) -> read.version() >= kept.version() ? read : kept);
  }

  /**
   * Takes the changes signalled to every instance at once ({@link ConcertVerticle#CONCERTS_CHANGED}),
   * and reads the changed windows every {@link #REFRESH_MILLIS} in case a signal was lost; on
   * {@code vertx} (the caller's context).
   */
  public void refreshEvery(Vertx vertx) {
    ClusterSignals.subscribe(vertx, ConcertVerticle.CONCERTS_CHANGED, signal -> {
      Long concertId = signal.getLong("concertId");
      Long version = signal.getLong("controlsVersion");
      if (concertId != null && version != null && windows.containsKey(concertId)) {
        String closesAt = signal.getString("salesCloseAt");
        keep(concertId, new ConcertRepository.SalesWindow(Instant.parse(signal.getString("salesOpenAt")),
            closesAt == null ? null : Instant.parse(closesAt), version));
      }
    });
    vertx.setPeriodic(REFRESH_MILLIS, id -> refresh());
  }

  private void refresh() {
    if (refreshing) {
      return;
    }
    refreshing = true;
    repository.salesWindowsChanged(changedSince).onComplete(changes -> {
      refreshing = false;
      changedSince = changes.nextSince();
      changes.windows().forEach((concertId, window) -> {
        if (windows.containsKey(concertId)) {
          keep(concertId, window);
        }
      });
    }, failure -> refreshing = false); // the windows as last read stay; the next round retries
  }
}
